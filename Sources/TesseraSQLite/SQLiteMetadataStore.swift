import Foundation
import GRDB
import TesseraCore

/// The embedded default ``MetadataStore``: one SQLite database in WAL mode with
/// `synchronous=FULL`, so a committed transaction survives power loss.
public final class SQLiteMetadataStore: MetadataStore {
    private let pool: DatabasePool

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator().migrate(pool)
    }

    // MARK: Credentials

    public func credential(accessKey: String) async throws -> Credential? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM credentials WHERE access_key = ?"), arguments: [accessKey]).map(Self.credential)
        }
    }

    public func addCredential(_ c: Credential) async throws {
        try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM credentials WHERE access_key = ?", arguments: [c.accessKey]) != nil {
                throw StorageError.invalidArgument("Access key already exists.", name: "accessKey", value: c.accessKey)
            }
            try db.execute(sql: "INSERT INTO credentials VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [c.accessKey, c.secretKey, c.owner.id, c.owner.displayName, c.isAdmin, c.created.microseconds])
        }
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
        try await pool.write { db in
            if let owner = try String.fetchOne(db, sql: "SELECT owner_id FROM buckets WHERE name = ?", arguments: [b.name.value]) {
                throw StorageError(.bucketAlreadyExists, "The requested bucket name is not available.",
                                   context: ["BucketName": b.name.value, "Owner": owner])
            }
            try db.execute(sql: "INSERT INTO buckets VALUES (?, ?, ?, ?, ?)",
                           arguments: [b.name.value, b.owner.id, b.owner.displayName, b.created.microseconds, b.region])
        }
    }

    public func bucket(_ name: BucketName) async throws -> Bucket? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM buckets WHERE name = ?"), arguments: [name.value]).map(Self.bucket)
        }
    }

    public func buckets() async throws -> [Bucket] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM buckets ORDER BY name").map(Self.bucket) }
    }

    private static func bucket(_ row: Row) -> Bucket {
        Bucket(name: BucketName(trusted: row["name"]), owner: Owner(id: row["owner_id"], displayName: row["owner_name"]),
               created: Timestamp(microseconds: row["created"]), region: row["region"])
    }

    public func deleteBucket(_ name: BucketName) async throws {
        try await pool.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM buckets WHERE name = ?", arguments: [name.value]) != nil else {
                throw StorageError.noSuchBucket(name.value)
            }
            let busy = try Row.fetchOne(db, sql: """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM objects WHERE bucket = ?1) OR EXISTS (SELECT 1 FROM uploads WHERE bucket = ?1)
                """, arguments: [name.value]) != nil
            if busy {
                throw StorageError(.bucketNotEmpty, "The bucket you tried to delete is not empty", context: ["BucketName": name.value])
            }
            try db.execute(sql: "DELETE FROM completions WHERE bucket = ?", arguments: [name.value])
            try db.execute(sql: "DELETE FROM buckets WHERE name = ?", arguments: [name.value])
        }
    }

    // MARK: Objects

    private static func requireBucket(_ db: Database, _ name: BucketName) throws {
        guard try Row.fetchOne(db, sql: "SELECT 1 FROM buckets WHERE name = ?", arguments: [name.value]) != nil else {
            throw StorageError.noSuchBucket(name.value)
        }
    }

    private static func enqueueGarbage(_ db: Database, _ blobs: [BlobID]) throws {
        for b in blobs { try db.execute(sql: "INSERT INTO gc_queue(blob) VALUES (?)", arguments: [b.value]) }
    }

    private static func replaceObject(_ db: Database, _ o: ObjectRecord) throws {
        let key = Codecs.keyBlob(o.key.value)
        if let old = try String.fetchOne(db, sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?", arguments: [o.bucket.value, key]) {
            try enqueueGarbage(db, Codecs.manifest(old).map(\.blob))
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                           upload_id, ufile_etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
            o.bucket.value, key, o.size, o.etag.description, o.lastModified.microseconds, try Codecs.json(o.attributes),
            Codecs.checksumsText(o.checksums), Codecs.manifestText(o.manifest), o.owner.id, o.owner.displayName, o.uploadID?.value,
            o.ufileETag,
        ])
    }

    public func putObject(_ object: ObjectRecord) async throws {
        try await pool.write { db in
            try Self.requireBucket(db, object.bucket)
            try Self.replaceObject(db, object)
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM objects WHERE bucket = ? AND key = ?",
                             arguments: [bucket.value, Codecs.keyBlob(key.value)]).map(Codecs.object)
        }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey) async throws -> Bool {
        try await pool.write { db in
            let k = Codecs.keyBlob(key.value)
            guard let old = try String.fetchOne(db, sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?", arguments: [bucket.value, k]) else {
                return false
            }
            try Self.enqueueGarbage(db, Codecs.manifest(old).map(\.blob))
            try db.execute(sql: "DELETE FROM objects WHERE bucket = ? AND key = ?", arguments: [bucket.value, k])
            return true
        }
    }

    public func listObjects(bucket: BucketName, from position: IndexPosition, prefix: [UInt8], limit: Int) async throws -> [ObjectRecord] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: nil)
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM objects WHERE bucket = ?\(clause) ORDER BY key LIMIT ?"),
                             arguments: StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue])).map(Codecs.object)
        }
    }

    // MARK: Uploads

    public func createUpload(_ u: Upload) async throws {
        try await pool.write { db in
            try Self.requireBucket(db, u.bucket)
            try db.execute(sql: "INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: [
                u.bucket.value, Codecs.keyBlob(u.key.value), u.id.value, u.initiated.microseconds, u.lastActivity.microseconds,
                u.owner.id, u.owner.displayName, u.initiator.id, u.initiator.displayName, u.dialect.rawValue,
                u.checksumAlgorithm?.rawValue, u.blockSize, try Codecs.json(u.attributes), u.partCount, u.bytes,
            ])
        }
    }

    public func upload(bucket: BucketName, id: UploadID) async throws -> Upload? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM uploads WHERE bucket = ? AND upload_id = ?"), arguments: [bucket.value, id.value])
                .map(Codecs.upload)
        }
    }

    public func listUploads(bucket: BucketName, from position: IndexPosition, prefix: [UInt8], limit: Int) async throws -> [Upload] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: "upload_id")
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM uploads WHERE bucket = ?\(clause) ORDER BY key, upload_id LIMIT ?"),
                             arguments: StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue])).map(Codecs.upload)
        }
    }

    public func putPart(_ p: Part, bucket: BucketName) async throws {
        try await pool.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM uploads WHERE bucket = ? AND upload_id = ?",
                                   arguments: [bucket.value, p.uploadID.value]) != nil else {
                throw StorageError.noSuchUpload(p.uploadID.value)
            }
            var countDelta = 1
            var bytesDelta = p.size
            if let old = try Row.fetchOne(db, sql: "SELECT blob, size FROM parts WHERE upload_id = ? AND part_number = ?",
                                          arguments: [p.uploadID.value, p.number.value]) {
                try Self.enqueueGarbage(db, [BlobID(old["blob"])])
                countDelta = 0
                bytesDelta -= old["size"] as Int64
            }
            try db.execute(sql: "INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: [
                p.uploadID.value, p.number.value, p.size, p.etag.description, Codecs.checksumsText(p.checksums), p.blob.value,
                p.lastModified.microseconds,
            ])
            try db.execute(sql: """
                UPDATE uploads SET part_count = part_count + ?, bytes = bytes + ?, last_activity = MAX(last_activity, ?)
                WHERE bucket = ? AND upload_id = ?
                """, arguments: [countDelta, bytesDelta, p.lastModified.microseconds, bucket.value, p.uploadID.value])
        }
    }

    public func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?",
                             arguments: [uploadID.value, after, limit]).map(Codecs.part)
        }
    }

    public func completeUpload(bucket: BucketName, id: UploadID, build: @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try await pool.write { db in
            guard let upload = try Row.fetchOne(db, sql: "SELECT * FROM uploads WHERE bucket = ? AND upload_id = ?",
                                                arguments: [bucket.value, id.value]).map(Codecs.upload) else {
                throw StorageError.noSuchUpload(id.value)
            }
            let parts = try Row.fetchAll(db, sql: "SELECT * FROM parts WHERE upload_id = ? ORDER BY part_number", arguments: [id.value])
                .map(Codecs.part)
            let commit = try build(upload, parts)
            let used = Set(commit.object.manifest.map(\.blob))
            try Self.enqueueGarbage(db, parts.map(\.blob).filter { !used.contains($0) })
            try Self.replaceObject(db, commit.object)
            try db.execute(sql: "DELETE FROM parts WHERE upload_id = ?", arguments: [id.value])
            try db.execute(sql: "DELETE FROM uploads WHERE bucket = ? AND upload_id = ?", arguments: [bucket.value, id.value])
            let r = commit.receipt
            try db.execute(sql: "INSERT OR REPLACE INTO completions VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: [
                r.bucket.value, r.uploadID.value, Codecs.keyBlob(r.key.value), r.etag.description, r.partsDigest, r.size,
                r.completed.microseconds,
            ])
            return commit
        }
    }

    public func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM completions WHERE bucket = ? AND upload_id = ?", arguments: [bucket.value, id.value])
                .map { row in
                    CompletionReceipt(
                        bucket: bucket, uploadID: id, key: ObjectKey(trusted: Codecs.keyString(row, "key")),
                        etag: ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]), partsDigest: row["parts_digest"],
                        size: row["size"], completed: Timestamp(microseconds: row["completed"]))
                }
        }
    }

    public func abortUpload(bucket: BucketName, id: UploadID) async throws {
        try await pool.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM uploads WHERE bucket = ? AND upload_id = ?",
                                   arguments: [bucket.value, id.value]) != nil else {
                throw StorageError.noSuchUpload(id.value)
            }
            let blobs = try String.fetchAll(db, sql: "SELECT blob FROM parts WHERE upload_id = ?", arguments: [id.value]).map(BlobID.init)
            try Self.enqueueGarbage(db, blobs)
            try db.execute(sql: "DELETE FROM parts WHERE upload_id = ?", arguments: [id.value])
            try db.execute(sql: "DELETE FROM uploads WHERE bucket = ? AND upload_id = ?", arguments: [bucket.value, id.value])
        }
    }

    // MARK: Garbage

    public func pendingGarbage(limit: Int) async throws -> [GarbageEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, blob FROM gc_queue ORDER BY sequence LIMIT ?", arguments: [limit])
                .map { GarbageEntry(sequence: $0["sequence"], blob: BlobID($0["blob"])) }
        }
    }

    public func removeGarbage(_ sequences: [Int64]) async throws {
        try await pool.write { db in
            for s in sequences { try db.execute(sql: "DELETE FROM gc_queue WHERE sequence = ?", arguments: [s]) }
        }
    }
}
