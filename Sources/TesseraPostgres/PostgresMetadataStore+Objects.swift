import NIOCore
import PostgresNIO
public import TesseraCore

/// Objects: write (with conditions), read, delete, list, object ACLs.
extension PostgresMetadataStore {
    /// A new key (the common case: most PUTs) is one prepared statement committed on its own
    /// (``WriteStatements/InsertObject``); a key that holds an object is replaced in a transaction.
    @discardableResult
    public func putObject(_ object: ObjectRecord, condition: WriteCondition) async throws -> Bool {
        if !Self.isMatching(condition) {
            let (bucket, inserted) = try await retrying {
                try await session { s in try await s.rows(WriteStatements.InsertObject(object: object)).first ?? (0, 0) }
            }
            guard bucket == 1 else { throw StorageError.noSuchBucket(object.bucket.value) }
            if inserted == 1 { return false }
        }
        return try await transaction { s in
            try await Self.holdBucket(s, object.bucket)
            let queued = try await Self.replaceObject(s, object, condition: condition)
            try await Self.withdrawIntents(s, object.manifest.map(\.blob))
            return queued
        }
    }

    /// Whether the write needs an object there (If-Match): then nothing is inserted first.
    static func isMatching(_ condition: WriteCondition) -> Bool {
        switch condition {
        case .matching, .present: true
        case .none, .absent: false
        }
    }

    /// Writes `o` over whatever is under its key, if that satisfies `condition`; queues the
    /// replaced object's blobs. The row is locked (or, when there is none, inserted) before
    /// anything is decided, so two writers of one key through two gateways queue each other's
    /// blobs rather than orphan them. Returns whether blobs were queued.
    static func replaceObject(_ s: Session, _ o: ObjectRecord, condition: WriteCondition) async throws -> Bool {
        let key = KeyBytea.of(o.key.value)
        let content = o.inlineContent.map { ByteBuffer(bytes: $0) }
        while true {
            let current = try await s.rows("SELECT etag, manifest FROM objects WHERE bucket = \(o.bucket.value) AND key = \(key) FOR UPDATE").first
            if let current {
                let (etag, manifest) = try current.decode((String, String).self)
                try condition.check(StoredText.etag(etag), key: o.key.value)
                let replaced = StoredText.manifest(manifest)
                try await enqueueGarbage(s, replaced.map(\.blob))
                try await s.execute("""
                    UPDATE objects SET size = \(o.size), etag = \(o.etag.description), last_modified = \(o.lastModified.microseconds),
                        attributes = \(AttributesCodec.encode(o.attributes)), checksums = \(StoredText.checksumsText(o.checksums)),
                        manifest = \(StoredText.manifestText(o.manifest)), owner_id = \(o.owner.id), owner_name = \(o.owner.displayName),
                        upload_id = \(o.uploadID?.value), ufile_etag = \(o.ufileETag), content = \(content)
                    WHERE bucket = \(o.bucket.value) AND key = \(key)
                    """)
                return !replaced.isEmpty
            }
            try condition.check(nil, key: o.key.value)
            let inserted = try await s.execute("""
                INSERT INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                    upload_id, ufile_etag, content)
                VALUES (\(o.bucket.value), \(key), \(o.size), \(o.etag.description), \(o.lastModified.microseconds),
                        \(AttributesCodec.encode(o.attributes)), \(StoredText.checksumsText(o.checksums)), \(StoredText.manifestText(o.manifest)),
                        \(o.owner.id), \(o.owner.displayName), \(o.uploadID?.value), \(o.ufileETag), \(content))
                ON CONFLICT (bucket, key) DO NOTHING
                """)
            if inserted == 1 { return false }
            // Another transaction inserted the key meanwhile: lock its row and decide again.
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        try await session { s in
            try await s.rows("""
                SELECT \(unescaped: Rows.objectColumns), content FROM objects WHERE bucket = \(bucket.value) AND key = \(KeyBytea.of(key.value))
                """).first.map { try Rows.object($0, withContent: true) }
        }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey, condition: WriteCondition) async throws -> Bool {
        try await transaction { s in
            if condition != .none {
                let etag = try await s.rows("SELECT etag FROM objects WHERE bucket = \(bucket.value) AND key = \(KeyBytea.of(key.value)) FOR UPDATE")
                    .first.map { StoredText.etag(try $0.decode(String.self)) }
                try condition.check(etag, key: key.value)
            }
            let gone = try await s.rows("DELETE FROM objects WHERE bucket = \(bucket.value) AND key = \(KeyBytea.of(key.value)) RETURNING manifest")
            guard let row = gone.first else { return false }
            try await Self.enqueueGarbage(s, StoredText.manifest(try row.decode(String.self)).map(\.blob))
            return true
        }
    }

    public func updateAttributes(bucket: BucketName, key: ObjectKey, etag: ETag,
                                 _ change: @escaping @Sendable (inout ObjectAttributes) -> Void) async throws {
        try await transaction { s in
            let k = KeyBytea.of(key.value)
            guard let row = try await s.rows("SELECT etag, attributes FROM objects WHERE bucket = \(bucket.value) AND key = \(k) FOR UPDATE").first else {
                throw StorageError.noSuchKey(key.value)
            }
            let (stored, text) = try row.decode((String, String).self)
            guard StoredText.etag(stored) == etag else { throw StorageError.noSuchKey(key.value) }
            var attributes = try StoredText.attributes(text)
            change(&attributes)
            try await s.execute("UPDATE objects SET attributes = \(AttributesCodec.encode(attributes)) WHERE bucket = \(bucket.value) AND key = \(k)")
        }
    }

    public func readObjectIndex<T: Sendable>(bucket: BucketName, manifests: Bool, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T {
        try await snapshot { s in
            try await ReplayedReads.run(body) { range in try await RangeReads.objects(s, bucket, range, manifests: manifests) }
        }
    }
}
