public import TesseraCore

/// Copies every record of one metadata store into another, empty one, through the store port
/// only (so it works between any two stores: SQLite into PostgreSQL is `tessera migrate`).
/// Blobs stay where they are; both stores name the same blob files.
///
/// The source must not be written meanwhile (its server stopped). Copied: credentials, buckets
/// with their rules, access and ACLs, objects (inline content too), in-progress uploads with
/// every part — so an upload started before the migration is completed after it — the blob
/// deletion queue, and blobs announced but never referenced (queued for deletion, as a
/// restart would). Not copied: the receipts that let a Complete retried *across* the migration
/// answer 200 again (it answers NoSuchUpload).
public struct StoreMigration: Sendable {
    /// Where records come from.
    public let source: any MetadataStore
    /// Where they go; must hold no credential and no bucket.
    public let destination: any MetadataStore

    /// What was copied.
    public struct Counts: Sendable, Equatable {
        /// Access keys.
        public var credentials = 0
        /// Buckets.
        public var buckets = 0
        /// Objects.
        public var objects = 0
        /// In-progress uploads.
        public var uploads = 0
        /// Their parts.
        public var parts = 0
        /// Blob deletions queued (the source's queue and its unreferenced announcements).
        public var garbage = 0

        /// No records yet.
        public init() {}
    }

    /// Records read per index step.
    let page: Int

    /// A migration from `source` into `destination`, reading `page` records per index step.
    public init(source: any MetadataStore, destination: any MetadataStore, page: Int = 1_000) {
        self.source = source
        self.destination = destination
        self.page = page
    }

    /// Copies everything; `progress` hears each bucket as it is done.
    public func run(progress: @Sendable (BucketName, Counts) -> Void = { _, _ in }) async throws -> Counts {
        guard try await destination.buckets().isEmpty, try await destination.credentials().isEmpty else {
            throw StorageError(.invalidRequest, "The destination already holds buckets or users: migrate into an empty database.")
        }
        var counts = Counts()
        for credential in try await source.credentials() {
            try await destination.addCredential(credential)
            counts.credentials += 1
        }
        for bucket in try await source.buckets() {
            try await destination.createBucket(bucket)
            counts.buckets += 1
            try await copyObjects(of: bucket.name, &counts)
            try await copyUploads(of: bucket.name, &counts)
            progress(bucket.name, counts)
        }
        let inventory = try await source.blobInventory()
        let queued = inventory.garbage.map(\.blob) + inventory.intents.sorted { $0.value < $1.value }
        for start in stride(from: 0, to: queued.count, by: page) {
            try await destination.queueGarbage(Array(queued[start..<min(start + page, queued.count)]))
        }
        counts.garbage = queued.count
        return counts
    }

    private func copyObjects(of bucket: BucketName, _ counts: inout Counts) async throws {
        var position = IndexPosition.start
        while true {
            let range = IndexRange(position: position, prefix: [], limit: page)
            let listed = try await source.readObjectIndex(bucket: bucket, manifests: true) { reader in try reader.read(range)
            }
            for var object in listed {
                // Listings leave inline content out: small objects are read whole.
                if object.manifest.isEmpty, let full = try await source.object(bucket: bucket, key: object.key) { object = full }
                try await destination.putObject(object)
                counts.objects += 1
            }
            guard listed.count == page, let last = listed.last else { return }
            position = .keyAfter(Array(last.key.value.utf8))
        }
    }

    private func copyUploads(of bucket: BucketName, _ counts: inout Counts) async throws {
        var position = IndexPosition.start
        while true {
            let range = IndexRange(position: position, prefix: [], limit: page)
            let listed = try await source.readUploadIndex(bucket: bucket) { reader in try reader.read(range)
            }
            for entry in listed {
                // Listings carry only the storage class of the attributes: each upload is read whole.
                guard var upload = try await source.upload(bucket: bucket, id: entry.id) else { continue }
                // Parts are recorded one by one below and count themselves in.
                upload.partCount = 0
                upload.bytes = 0
                try await destination.createUpload(upload)
                var after = 0
                while true {
                    let parts = try await source.parts(uploadID: upload.id, after: after, limit: page)
                    for part in parts { try await destination.putPart(part, bucket: bucket) }
                    counts.parts += parts.count
                    guard parts.count == page, let last = parts.last else { break }
                    after = last.number.value
                }
                counts.uploads += 1
            }
            guard listed.count == page, let last = listed.last else { return }
            position = .after(key: Array(last.key.value.utf8), id: last.id.value)
        }
    }
}
