import Foundation
import GRDB
public import TesseraCore

/// The embedded default ``MetadataStore``: one SQLite database in WAL mode with
/// `synchronous=FULL`, so a committed transaction survives power loss.
public final class SQLiteMetadataStore: MetadataStore {
    private let pool: DatabasePool
    private let writes: GroupCommit
    private let credentialCache = RecordCache<String, Credential>()
    private let bucketCache = RecordCache<BucketName, Bucket>()

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator().migrate(pool)
        writes = GroupCommit(pool: pool)
    }

    // MARK: Credentials

    public func credential(accessKey: String) async throws -> Credential? {
        try await credentialCache.value(accessKey) {
            try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM credentials WHERE access_key = ?"), arguments: [accessKey])
                    .map(Self.credential)
            }
        }
    }

    public func addCredential(_ c: Credential) async throws {
        try await writes.write { db in
            if try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM credentials WHERE access_key = ?"), arguments: [c.accessKey]) != nil {
                throw StorageError.invalidArgument("Access key already exists.", name: "accessKey", value: c.accessKey)
            }
            try db.cachedStatement(sql: "INSERT INTO credentials VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [c.accessKey, c.secretKey, c.owner.id, c.owner.displayName, c.isAdmin, c.created.microseconds])
        }
        credentialCache.changed(c.accessKey, to: c)
    }

    public func credentials() async throws -> [Credential] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM credentials ORDER BY created").map(Self.credential)
        }
    }

    private static func credential(_ row: Row) -> Credential {
        Credential(accessKey: row["access_key"], secretKey: row["secret_key"],
                   owner: Owner(id: row["owner_id"], displayName: row["owner_name"]),
                   isAdmin: row["is_admin"], created: Timestamp(microseconds: row["created"]))
    }

    // MARK: Buckets

    public func createBucket(_ b: Bucket) async throws {
        try await writes.write { db in
            if let owner = try String.fetchOne(db.cachedStatement(sql: "SELECT owner_id FROM buckets WHERE name = ?"), arguments: [b.name.value]) {
                throw StorageError(.bucketAlreadyExists, "The requested bucket name is not available.",
                                   context: ErrorContext(bucket: b.name.value, owner: owner))
            }
            try db.cachedStatement(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region, lifecycle) VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [b.name.value, b.owner.id, b.owner.displayName, b.created.microseconds, b.region,
                                       try b.lifecycle.map(Codecs.json)])
        }
        bucketCache.changed(b.name, to: b)
    }

    public func bucket(_ name: BucketName) async throws -> Bucket? {
        try await bucketCache.value(name) {
            try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM buckets WHERE name = ?"), arguments: [name.value]).map(Self.bucket)
            }
        }
    }

    public func buckets() async throws -> [Bucket] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM buckets ORDER BY name").map(Self.bucket) }
    }

    private static func bucket(_ row: Row) throws -> Bucket {
        Bucket(name: BucketName(trusted: row["name"]), owner: Owner(id: row["owner_id"], displayName: row["owner_name"]),
               created: Timestamp(microseconds: row["created"]), region: row["region"],
               lifecycle: try (row["lifecycle"] as String?).map { try Codecs.decode(LifecycleConfiguration.self, $0) })
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        try await writes.write { db in
            try db.cachedStatement(sql: "UPDATE buckets SET lifecycle = ? WHERE name = ?").execute(arguments: [try configuration.map(Codecs.json), bucket.value])
            guard db.changesCount == 1 else { throw StorageError.noSuchBucket(bucket.value) }
        }
        bucketCache.changed(bucket, to: nil)
    }

    public func deleteBucket(_ name: BucketName) async throws {
        try await writes.write { db in
            guard try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM buckets WHERE name = ?"), arguments: [name.value]) != nil else {
                throw StorageError.noSuchBucket(name.value)
            }
            let busy = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM objects WHERE bucket = ?1) OR EXISTS (SELECT 1 FROM uploads WHERE bucket = ?1)
                """), arguments: [name.value]) != nil
            if busy {
                throw StorageError(.bucketNotEmpty, "The bucket you tried to delete is not empty", context: ErrorContext(bucket: name.value))
            }
            try db.cachedStatement(sql: "DELETE FROM completions WHERE bucket = ?").execute(arguments: [name.value])
            try db.cachedStatement(sql: "DELETE FROM upload_totals WHERE bucket = ?").execute(arguments: [name.value])
            try db.cachedStatement(sql: "DELETE FROM buckets WHERE name = ?").execute(arguments: [name.value])
        }
        bucketCache.changed(name, to: nil)
    }

    // MARK: Objects

    private static func requireBucket(_ db: Database, _ name: BucketName) throws {
        guard try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM buckets WHERE name = ?"), arguments: [name.value]) != nil else {
            throw StorageError.noSuchBucket(name.value)
        }
    }

    private static func enqueueGarbage(_ db: Database, _ blobs: [BlobID]) throws {
        for b in blobs { try db.cachedStatement(sql: "INSERT INTO gc_queue(blob) VALUES (?)").execute(arguments: [b.value]) }
    }

    private static func replaceObject(_ db: Database, _ o: ObjectRecord) throws {
        let key = Codecs.keyBlob(o.key.value)
        if let old = try String.fetchOne(db.cachedStatement(sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?"), arguments: [o.bucket.value, key]) {
            try enqueueGarbage(db, Codecs.manifest(old).map(\.blob))
        }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                           upload_id, ufile_etag, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
            o.bucket.value, key, o.size, o.etag.description, o.lastModified.microseconds, AttributesCodec.encode(o.attributes),
            Codecs.checksumsText(o.checksums), Codecs.manifestText(o.manifest), o.owner.id, o.owner.displayName, o.uploadID?.value,
            o.ufileETag, o.inlineContent.map { Data($0) },
        ])
    }

    public func putObject(_ object: ObjectRecord) async throws {
        try await writes.write { db in
            try Self.requireBucket(db, object.bucket)
            try Self.replaceObject(db, object)
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Codecs.objectColumns), content FROM objects WHERE bucket = ? AND key = ?"),
                             arguments: [bucket.value, Codecs.keyBlob(key.value)]).map(Codecs.object)
        }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey) async throws -> Bool {
        try await writes.write { db in
            let k = Codecs.keyBlob(key.value)
            guard let old = try String.fetchOne(db.cachedStatement(sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?"), arguments: [bucket.value, k]) else {
                return false
            }
            try Self.enqueueGarbage(db, Codecs.manifest(old).map(\.blob))
            try db.cachedStatement(sql: "DELETE FROM objects WHERE bucket = ? AND key = ?").execute(arguments: [bucket.value, k])
            return true
        }
    }

    public func readObjectIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T {
        try await pool.read { db in try body(IndexReader { r in try Self.objects(db, bucket, r.position, r.prefix, r.limit) }) }
    }

    private static func objects(_ db: Database, _ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int) throws -> [ObjectRecord] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: nil)
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Codecs.objectColumns) FROM objects WHERE bucket = ?\(clause) ORDER BY key LIMIT ?"),
                                arguments: StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue])).map(Codecs.object)
    }

    // MARK: Uploads

    public func createUpload(_ u: Upload) async throws {
        try await createUploads([u])
    }

    /// Records many uploads in one transaction (bulk import; the reaper benchmark's set-up).
    public func createUploads(_ uploads: [Upload]) async throws {
        try await writes.write { db in
            for bucket in Set(uploads.map(\.bucket)) { try Self.requireBucket(db, bucket) }
            for u in uploads {
                try db.cachedStatement(sql: "INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                    u.bucket.value, Codecs.keyBlob(u.key.value), u.id.value, u.initiated.microseconds, u.lastActivity.microseconds,
                    u.owner.id, u.owner.displayName, u.initiator.id, u.initiator.displayName, u.dialect.rawValue,
                    u.checksumAlgorithm?.rawValue, u.blockSize, AttributesCodec.encode(u.attributes), u.partCount, u.bytes,
                ])
                try Self.adjustTotals(db, u.bucket, uploads: 1, parts: u.partCount, bytes: u.bytes)
            }
        }
    }

    public func upload(bucket: BucketName, id: UploadID) async throws -> Upload? {
        try await pool.read { db in try Self.upload(db, bucket, id) }
    }

    private static func upload(_ db: Database, _ bucket: BucketName, _ id: UploadID) throws -> Upload? {
        try Codecs.uploads(db.cachedStatement(sql: "SELECT \(Codecs.uploadColumns) FROM uploads WHERE bucket = ? AND upload_id = ?"),
                           [bucket.value, id.value]).first
    }

    public func readUploadIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<Upload>) throws -> T) async throws -> T {
        try await pool.read { db in try body(IndexReader { r in try Self.uploads(db, bucket, r.position, r.prefix, r.limit) }) }
    }

    private static func uploads(_ db: Database, _ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int) throws -> [Upload] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: "upload_id")
        return try Codecs.uploads(db.cachedStatement(sql: "SELECT \(Codecs.uploadColumns) FROM uploads WHERE bucket = ?\(clause) ORDER BY key, upload_id LIMIT ?"),
                                  StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue]))
    }

    public func putPart(_ p: Part, bucket: BucketName) async throws {
        try await writes.write { db in
            guard try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM uploads WHERE bucket = ? AND upload_id = ?"),
                                   arguments: [bucket.value, p.uploadID.value]) != nil else {
                throw StorageError.noSuchUpload(p.uploadID.value)
            }
            var countDelta = 1
            var bytesDelta = p.size
            if let old = try Row.fetchOne(db.cachedStatement(sql: "SELECT blob, size FROM parts WHERE upload_id = ? AND part_number = ?"),
                                          arguments: [p.uploadID.value, p.number.value]) {
                try Self.enqueueGarbage(db, [BlobID(old["blob"])])
                countDelta = 0
                bytesDelta -= old["size"] as Int64
            }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                p.uploadID.value, p.number.value, p.size, p.etag.description, Codecs.checksumsText(p.checksums), p.blob.value,
                p.lastModified.microseconds,
            ])
            try db.cachedStatement(sql: """
                UPDATE uploads SET part_count = part_count + ?, bytes = bytes + ?, last_activity = MAX(last_activity, ?)
                WHERE bucket = ? AND upload_id = ?
                """).execute(arguments: [countDelta, bytesDelta, p.lastModified.microseconds, bucket.value, p.uploadID.value])
            try Self.adjustTotals(db, bucket, uploads: 0, parts: countDelta, bytes: bytesDelta)
        }
    }

    public func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?"),
                             arguments: [uploadID.value, after, limit]).map(Codecs.part)
        }
    }

    public func completeUpload(bucket: BucketName, id: UploadID, build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try await writes.write { db in
            guard let upload = try Self.upload(db, bucket, id) else {
                throw StorageError.noSuchUpload(id.value)
            }
            let parts = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM parts WHERE upload_id = ? ORDER BY part_number"), arguments: [id.value])
                .map(Codecs.part)
            let commit = try build(upload, parts)
            let used = Set(commit.object.manifest.map(\.blob))
            try Self.enqueueGarbage(db, parts.map(\.blob).filter { !used.contains($0) })
            try Self.replaceObject(db, commit.object)
            try db.cachedStatement(sql: "DELETE FROM parts WHERE upload_id = ?").execute(arguments: [id.value])
            try db.cachedStatement(sql: "DELETE FROM uploads WHERE bucket = ? AND upload_id = ?").execute(arguments: [bucket.value, id.value])
            try Self.adjustTotals(db, bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
            let r = commit.receipt
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO completions VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                r.bucket.value, r.uploadID.value, Codecs.keyBlob(r.key.value), r.etag.description, r.partsDigest, r.size,
                r.completed.microseconds,
            ])
            return commit
        }
    }

    public func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM completions WHERE bucket = ? AND upload_id = ?"), arguments: [bucket.value, id.value])
                .map { row in
                    CompletionReceipt(
                        bucket: bucket, uploadID: id, key: ObjectKey(trusted: Codecs.keyString(row, "key")),
                        etag: ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]), partsDigest: row["parts_digest"],
                        size: row["size"], completed: Timestamp(microseconds: row["completed"]))
                }
        }
    }

    @discardableResult
    public func abortUpload(bucket: BucketName, id: UploadID) async throws -> Upload {
        try await writes.write { db in
            guard let upload = try Self.upload(db, bucket, id) else {
                throw StorageError.noSuchUpload(id.value)
            }
            try Self.delete(db, upload)
            return upload
        }
    }

    /// Deletes an upload and its parts, queues their blobs and adjusts the totals.
    private static func delete(_ db: Database, _ upload: Upload) throws {
        let blobs = try String.fetchAll(db.cachedStatement(sql: "SELECT blob FROM parts WHERE upload_id = ?"), arguments: [upload.id.value])
        try enqueueGarbage(db, blobs.map(BlobID.init))
        try db.cachedStatement(sql: "DELETE FROM parts WHERE upload_id = ?").execute(arguments: [upload.id.value])
        try db.cachedStatement(sql: "DELETE FROM uploads WHERE bucket = ? AND upload_id = ?").execute(arguments: [upload.bucket.value, upload.id.value])
        try adjustTotals(db, upload.bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
    }

    private static func adjustTotals(_ db: Database, _ bucket: BucketName, uploads: Int, parts: Int, bytes: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO upload_totals(bucket, uploads, parts, bytes) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(bucket) DO UPDATE SET uploads = uploads + ?2, parts = parts + ?3, bytes = bytes + ?4
            """).execute(arguments: [bucket.value, uploads, parts, bytes])
    }

    // MARK: Accounting and expiry

    public func uploadTotals() async throws -> [UploadTotals] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT bucket, uploads, parts, bytes,
                       (SELECT MIN(initiated) FROM uploads INDEXED BY uploads_by_initiated WHERE uploads.bucket = t.bucket) AS oldest
                FROM upload_totals t ORDER BY bucket
                """).map { row in
                UploadTotals(bucket: BucketName(trusted: row["bucket"]), uploads: row["uploads"], parts: row["parts"], bytes: row["bytes"],
                             oldestInitiated: (row["oldest"] as Int64?).map(Timestamp.init(microseconds:)))
            }
        }
    }

    public func uploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await pool.read { db in try Self.walk(db, bucket: bucket, criterion: criterion, after: after, limit: limit) }
    }

    public func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await writes.write { db in
            let batch = try Self.walk(db, bucket: bucket, criterion: criterion, after: after, limit: limit)
            for upload in batch.uploads { try Self.delete(db, upload) }
            return batch
        }
    }

    /// One step along a time index; the `INDEXED BY` clause makes SQLite refuse any plan that
    /// would not be a range scan of that index.
    private static func walk(_ db: Database, bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) throws -> AgeBatch {
        let (column, index) = criterion.basis == .initiation ? ("initiated", "uploads_by_initiated") : ("last_activity", "uploads_by_activity")
        var sql = "SELECT \(Codecs.uploadColumns) FROM uploads INDEXED BY \(index) WHERE bucket = ? AND \(column) <= ?"
        var args: [any DatabaseValueConvertible] = [bucket.value, criterion.cutoff.microseconds]
        if let after {
            sql += " AND (\(column), upload_id) > (?, ?)"
            args += [after.time.microseconds, after.uploadID.value]
        }
        sql += " ORDER BY \(column), upload_id LIMIT ?"
        args.append(limit)
        let read = try Codecs.uploads(db.cachedStatement(sql: sql), StatementArguments(args))
        let next = read.count == limit ? read.last.map { u in
            AgeCursor(time: criterion.basis == .initiation ? u.initiated : u.lastActivity, uploadID: u.id)
        } : nil
        return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
    }

    // MARK: Garbage

    public func pendingGarbage(limit: Int) async throws -> [GarbageEntry] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT sequence, blob FROM gc_queue ORDER BY sequence LIMIT ?"), arguments: [limit])
                .map { GarbageEntry(sequence: $0["sequence"], blob: BlobID($0["blob"])) }
        }
    }

    public func removeGarbage(_ sequences: [Int64]) async throws {
        try await writes.write { db in
            for s in sequences { try db.cachedStatement(sql: "DELETE FROM gc_queue WHERE sequence = ?").execute(arguments: [s]) }
        }
    }
}
