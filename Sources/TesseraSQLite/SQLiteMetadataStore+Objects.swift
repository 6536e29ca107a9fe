import GRDB
public import TesseraCore

/// Objects: write (inline content in its own row, Schema v13), read, delete, list.
extension SQLiteMetadataStore {
    static func requireBucket(_ db: StoreConnection, _ name: BucketName) throws {
        // By position, not through GRDB's Row (see ColumnCursor): 9,000 instructions a write.
        guard try ColumnCursor.first(db.statement(.bucketExists), bind: { $0.text(name.value) }, { _ in () }) != nil else {
            throw StorageError.noSuchBucket(name.value)
        }
    }

    static func enqueueGarbage(_ db: StoreConnection, _ blobs: [BlobID]) throws {
        for b in blobs { try db.statement(.queueGarbage).run { $0.text(b.value) } }
    }

    /// Checks `condition` against the object under the key now (no read without a condition).
    static func check(_ condition: WriteCondition, _ db: StoreConnection, _ bucket: BucketName, _ key: ObjectKey) throws {
        guard condition != .none else { return }
        let etag = try ColumnCursor.first(db.statement(.objectETag),
                                          bind: { $0.text(bucket.value); $0.blob(utf8: key.value) }, { $0.text(0) })
        try condition.check(etag.map(StoredText.etag), key: key.value)
    }

    /// Writes `o` over whatever is under its key; returns whether the replaced object's blobs
    /// were queued for garbage collection.
    static func replaceObject(_ db: StoreConnection, _ o: ObjectRecord) throws -> Bool {
        var replaced: [Segment] = []
        if let old = try ColumnCursor.first(db.statement(.objectManifest),
                                            bind: { $0.text(o.bucket.value); $0.blob(utf8: o.key.value) }, { $0.text(0) }) {
            replaced = StoredText.manifest(old)
            try enqueueGarbage(db, replaced.map(\.blob))
        }
        // Inline content, a long manifest and long attributes in rows of their own (Schema v13,
        // v14, v15); the replaced row's go by trigger.
        var contentID: Int64?
        if let content = o.inlineContent {
            try db.statement(.insertContent).run { $0.blob(content) }
            contentID = db.lastInsertedRowID
        }
        let manifest = try ApartTexts.store(db, StoredText.manifestText(o.manifest), limit: Codecs.manifestLimit, in: .manifests)
        let attributes = try ApartTexts.store(db, AttributesCodec.encode(o.attributes), limit: Codecs.attributesLimit, in: .objectAttributes)
        try db.statement(.replaceObject).run { b in
            b.text(o.bucket.value)
            b.blob(utf8: o.key.value)
            b.int(o.size)
            b.text(o.etag.description)
            b.int(o.lastModified.microseconds)
            b.text(attributes.text)
            b.text(StoredText.checksumsText(o.checksums))
            b.text(manifest.text)
            b.text(o.owner.id)
            b.text(o.owner.displayName)
            b.text(o.uploadID?.value)
            b.text(o.ufileETag)
            b.int(contentID)
            b.int(manifest.id)
            b.int(attributes.id)
        }
        return !replaced.isEmpty
    }

    @discardableResult
    public func putObject(_ object: ObjectRecord, condition: WriteCondition) async throws -> Bool {
        try await writes.write(inline: true) { db in
            try Self.requireBucket(db, object.bucket)
            try Self.check(condition, db, object.bucket, object.key)
            let queued = try Self.replaceObject(db, object)
            try Self.withdrawIntents(db, object.manifest.map(\.blob))
            return queued
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        try await readStatement { db in
            try ColumnCursor.first(db.statement(.object),
                                   bind: { $0.text(bucket.value); $0.blob(utf8: key.value) }) { try Codecs.object($0) }
        }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey, condition: WriteCondition) async throws -> Bool {
        try await writes.write(inline: true) { db in
            try Self.check(condition, db, bucket, key)
            guard let old = try ColumnCursor.first(db.statement(.objectManifest),
                                                   bind: { $0.text(bucket.value); $0.blob(utf8: key.value) }, { $0.text(0) }) else {
                return false
            }
            try Self.enqueueGarbage(db, StoredText.manifest(old).map(\.blob))
            try db.statement(.deleteObject).run { $0.text(bucket.value); $0.blob(utf8: key.value) }
            return true
        }
    }

    public func readObjectIndex<T: Sendable>(bucket: BucketName, manifests: Bool, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T {
        try await readSnapshot { db in try body(IndexReader { r in try Self.objects(db, bucket, r.position, r.prefix, r.limit, manifests: manifests) }) }
    }

    static func objects(_ db: StoreConnection, _ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int,
                        manifests: Bool) throws -> [ObjectRecord] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: nil)
        // Without `manifests` the columns hold an empty text in the manifest's place: none is read.
        let columns = manifests ? Codecs.objectColumns : Codecs.listedObjectColumns
        let repeats = ObjectRepeats()
        return try ColumnCursor.all(db.cachedStatement(sql: "SELECT \(columns) FROM objects WHERE bucket = ?\(clause) ORDER BY key LIMIT ?"),
                                    StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue]),
                                    expected: min(limit, Codecs.largestBatch)) { try Codecs.object($0, repeats) }
    }
}
