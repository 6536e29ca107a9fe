import NIOConcurrencyHelpers

/// A ``MetadataStore`` in memory, for tests and as the reference for the contract suite.
public final class InMemoryMetadataStore: MetadataStore {
    struct State {
        var credentials: [String: Credential] = [:]
        var buckets: [BucketName: Bucket] = [:]
        var objects: [BucketName: [[UInt8]: ObjectRecord]] = [:]
        var uploads: [BucketName: [UploadID: Upload]] = [:]
        var parts: [UploadID: [Int: Part]] = [:]
        var receipts: [String: CompletionReceipt] = [:]
        var garbage: [GarbageEntry] = []
        var nextSequence: Int64 = 1
        var intents: Set<BlobID> = []

        mutating func enqueue(_ blob: BlobID) {
            garbage.append(GarbageEntry(sequence: nextSequence, blob: blob))
            nextSequence += 1
        }

        func objects(_ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int, manifests: Bool) -> [ObjectRecord] {
            let all = (objects[bucket] ?? [:]).filter { KeyBytes.hasPrefix($0.key, prefix) && position.admits(key: $0.key, id: nil) }
            return all.sorted { $0.key.lexicographicallyPrecedes($1.key) }.prefix(limit).map { entry in
                var record = entry.value
                record.inlineContent = nil  // as in every store: a listing does not carry content
                if !manifests { record.manifest = [] }
                return record
            }
        }

        func uploads(_ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int) -> [Upload] {
            let all = (uploads[bucket] ?? [:]).values.compactMap { u -> ([UInt8], Upload)? in
                let k = Array(u.key.value.utf8)
                return KeyBytes.hasPrefix(k, prefix) && position.admits(key: k, id: u.id.value) ? (k, u) : nil
            }
            return all.sorted { a, b in
                a.0 == b.0 ? a.1.id < b.1.id : a.0.lexicographicallyPrecedes(b.0)
            }.prefix(limit).map(\.1)
        }

        mutating func abort(bucket: BucketName, id: UploadID) throws -> Upload {
            guard let upload = uploads[bucket]?[id] else { throw StorageError.noSuchUpload(id.value) }
            (parts[id] ?? [:]).values.forEach { enqueue($0.blob) }
            uploads[bucket]?[id] = nil
            parts[id] = nil
            return upload
        }

        func walk(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) -> AgeBatch {
            func time(_ u: Upload) -> Timestamp { criterion.basis == .initiation ? u.initiated : u.lastActivity }
            func precedes(_ a: (Timestamp, UploadID), _ b: (Timestamp, UploadID)) -> Bool { a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
            let read = (uploads[bucket] ?? [:]).values
                .filter { u in time(u) <= criterion.cutoff && (after.map { c in precedes((c.time, c.uploadID), (time(u), u.id)) } ?? true) }
                .sorted { precedes((time($0), $0.id), (time($1), $1.id)) }
                .prefix(limit)
            let next = read.count == limit ? read.last.map { AgeCursor(time: time($0), uploadID: $0.id) } : nil
            return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
        }
    }

    let state = NIOLockedValueBox(State())

    /// Creates an empty store.
    public init() {}

    public func credential(accessKey: String) async throws -> Credential? {
        state.withLockedValue { $0.credentials[accessKey] }
    }

    public func addCredential(_ credential: Credential) async throws {
        try state.withLockedValue { s in
            guard s.credentials[credential.accessKey] == nil else {
                throw StorageError.invalidArgument("Access key already exists.", name: "accessKey", value: credential.accessKey)
            }
            s.credentials[credential.accessKey] = credential
        }
    }

    public func credentials() async throws -> [Credential] {
        state.withLockedValue { $0.credentials.values.sorted { $0.created < $1.created } }
    }

    public func createBucket(_ bucket: Bucket) async throws {
        try state.withLockedValue { s in
            if let existing = s.buckets[bucket.name] {
                throw StorageError(.bucketAlreadyExists, "The requested bucket name is not available.",
                                   context: ErrorContext(bucket: bucket.name.value, owner: existing.owner.id))
            }
            s.buckets[bucket.name] = bucket
        }
    }

    public func bucket(_ name: BucketName) async throws -> Bucket? {
        state.withLockedValue { $0.buckets[name] }
    }

    public func buckets() async throws -> [Bucket] {
        state.withLockedValue { $0.buckets.values.sorted { $0.name < $1.name } }
    }

    public func deleteBucket(_ name: BucketName, abortingUploads: Bool) async throws -> Int {
        try state.withLockedValue { s in
            guard s.buckets[name] != nil else { throw StorageError.noSuchBucket(name.value) }
            let uploads = Array((s.uploads[name] ?? [:]).keys)
            guard (s.objects[name] ?? [:]).isEmpty, uploads.isEmpty || abortingUploads else {
                throw StorageError(.bucketNotEmpty, "The bucket you tried to delete is not empty", context: ErrorContext(bucket: name.value))
            }
            for id in uploads { _ = try s.abort(bucket: name, id: id) }
            s.buckets[name] = nil
            s.objects[name] = nil
            s.uploads[name] = nil
            s.receipts = s.receipts.filter { $0.value.bucket != name }
            return uploads.count
        }
    }

    @discardableResult
    public func putObject(_ object: ObjectRecord, condition: WriteCondition) async throws -> Bool {
        try state.withLockedValue { s in
            guard s.buckets[object.bucket] != nil else { throw StorageError.noSuchBucket(object.bucket.value) }
            let k = Array(object.key.value.utf8)
            try condition.check(s.objects[object.bucket]?[k]?.etag, key: object.key.value)
            let replaced = s.objects[object.bucket]?[k]?.manifest ?? []
            replaced.forEach { s.enqueue($0.blob) }
            s.objects[object.bucket, default: [:]][k] = object
            object.manifest.forEach { s.intents.remove($0.blob) }
            return !replaced.isEmpty
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        state.withLockedValue { $0.objects[bucket]?[Array(key.value.utf8)] }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey, condition: WriteCondition) async throws -> Bool {
        try state.withLockedValue { s in
            let k = Array(key.value.utf8)
            try condition.check(s.objects[bucket]?[k]?.etag, key: key.value)
            guard let old = s.objects[bucket]?[k] else { return false }
            old.manifest.forEach { s.enqueue($0.blob) }
            s.objects[bucket]?[k] = nil
            return true
        }
    }

    public func readObjectIndex<T: Sendable>(bucket: BucketName, manifests: Bool, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T {
        let s = state.withLockedValue { $0 }  // a copy-on-write snapshot: O(1), and later writes do not touch it
        return try body(IndexReader { r in s.objects(bucket, r.position, r.prefix, r.limit, manifests: manifests) })
    }

    public func createUpload(_ upload: Upload) async throws {
        try state.withLockedValue { s in
            guard s.buckets[upload.bucket] != nil else { throw StorageError.noSuchBucket(upload.bucket.value) }
            s.uploads[upload.bucket, default: [:]][upload.id] = upload
        }
    }

    public func upload(bucket: BucketName, id: UploadID) async throws -> Upload? {
        state.withLockedValue { $0.uploads[bucket]?[id] }
    }

    public func readUploadIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<Upload>) throws -> T) async throws -> T {
        let s = state.withLockedValue { $0 }  // a copy-on-write snapshot: O(1), and later writes do not touch it
        return try body(IndexReader { r in s.uploads(bucket, r.position, r.prefix, r.limit) })
    }

    @discardableResult
    public func putPart(_ part: Part, bucket: BucketName) async throws -> Bool {
        try state.withLockedValue { s in
            guard var upload = s.uploads[bucket]?[part.uploadID] else { throw StorageError.noSuchUpload(part.uploadID.value) }
            let old = s.parts[part.uploadID]?[part.number.value]
            if let old {
                s.enqueue(old.blob)
                upload.partCount -= 1
                upload.bytes -= old.size
            }
            s.parts[part.uploadID, default: [:]][part.number.value] = part
            s.intents.remove(part.blob)
            upload.partCount += 1
            upload.bytes += part.size
            upload.lastActivity = max(upload.lastActivity, part.lastModified)
            s.uploads[bucket]?[part.uploadID] = upload
            return old != nil
        }
    }

    public func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part] {
        state.withLockedValue { s in
            (s.parts[uploadID] ?? [:]).values.filter { $0.number.value > after }.sorted { $0.number < $1.number }.prefix(limit).map { $0 }
        }
    }

    public func completeUpload(bucket: BucketName, id: UploadID, condition: WriteCondition,
                               build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try state.withLockedValue { s in
            guard let upload = s.uploads[bucket]?[id] else { throw StorageError.noSuchUpload(id.value) }
            let parts = (s.parts[id] ?? [:]).values.sorted { $0.number < $1.number }
            let commit = try build(upload, parts)
            let used = Set(commit.object.manifest.map(\.blob))
            parts.filter { !used.contains($0.blob) }.forEach { s.enqueue($0.blob) }
            let k = Array(commit.object.key.value.utf8)
            try condition.check(s.objects[bucket]?[k]?.etag, key: commit.object.key.value)
            if let old = s.objects[bucket]?[k] { old.manifest.forEach { s.enqueue($0.blob) } }
            s.objects[bucket, default: [:]][k] = commit.object
            s.uploads[bucket]?[id] = nil
            s.parts[id] = nil
            s.receipts["\(bucket.value)/\(id.value)"] = commit.receipt
            return commit
        }
    }

    public func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt? {
        state.withLockedValue { $0.receipts["\(bucket.value)/\(id.value)"] }
    }

    @discardableResult
    public func abortUpload(bucket: BucketName, id: UploadID) async throws -> Upload {
        try state.withLockedValue { s in try s.abort(bucket: bucket, id: id) }
    }

    public func uploadTotals() async throws -> [UploadTotals] {
        state.withLockedValue { s in
            s.uploads.keys.sorted().map { bucket in
                let all = s.uploads[bucket]!.values
                return UploadTotals(bucket: bucket, uploads: all.count, parts: all.reduce(0) { $0 + $1.partCount },
                                    bytes: all.reduce(0) { $0 + $1.bytes }, oldestInitiated: all.map(\.initiated).min())
            }
        }
    }

    public func objectTotals() async throws -> [ObjectTotals] {
        state.withLockedValue { s in
            s.objects.keys.sorted().map { bucket in
                let all = s.objects[bucket]!.values
                return ObjectTotals(bucket: bucket, objects: all.count, bytes: all.reduce(0) { $0 + $1.size })
            }
        }
    }

    public func uploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        state.withLockedValue { s in s.walk(bucket: bucket, criterion: criterion, after: after, limit: limit) }
    }

    public func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try state.withLockedValue { s in
            let batch = s.walk(bucket: bucket, criterion: criterion, after: after, limit: limit)
            return AgeBatch(uploads: try batch.uploads.map { try s.abort(bucket: bucket, id: $0.id) }, visited: batch.visited, next: batch.next)
        }
    }

    public func pendingGarbage(limit: Int) async throws -> [GarbageEntry] {
        state.withLockedValue { Array($0.garbage.prefix(limit)) }
    }

    public func removeGarbage(_ sequences: [Int64]) async throws {
        let done = Set(sequences)
        state.withLockedValue { $0.garbage.removeAll { done.contains($0.sequence) } }
    }

    public func queueGarbage(_ blobs: [BlobID]) async throws {
        state.withLockedValue { s in blobs.forEach { s.enqueue($0) } }
    }

    public func recordBlobIntents(_ blobs: [BlobID]) async throws {
        state.withLockedValue { $0.intents.formUnion(blobs) }
    }

    public func forgetBlobIntents(_ blobs: [BlobID]) async throws {
        state.withLockedValue { $0.intents.subtract(blobs) }
    }

    public func reclaimBlobIntents() async throws -> Int {
        state.withLockedValue { s in
            let all = s.intents.sorted { $0.value < $1.value }
            all.forEach { s.enqueue($0) }
            s.intents = []
            return all.count
        }
    }

    public func blobInventory() async throws -> BlobInventory {
        state.withLockedValue { s in
            let objects = s.objects.values.flatMap(\.values).filter { !$0.manifest.isEmpty }.map {
                BlobReference(holder: .object($0.bucket, $0.key), etag: $0.etag, segments: $0.manifest)
            }
            let parts = s.parts.values.flatMap(\.values).map {
                BlobReference(holder: .part($0.uploadID, $0.number), etag: $0.etag, segments: [Segment(blob: $0.blob, size: $0.size)])
            }
            return BlobInventory(references: objects + parts, intents: s.intents, garbage: s.garbage)
        }
    }
}
