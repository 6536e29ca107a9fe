import Foundation
import CTesseraSQLiteConfig
import GRDB
import GRDBSQLite
public import TesseraCore

/// The embedded default ``MetadataStore``: one SQLite database in WAL mode with
/// `synchronous=FULL`, so a committed transaction survives power loss.
public final class SQLiteMetadataStore: MetadataStore {
    let pool: DatabasePool
    let writes: GroupCommit
    /// The connections of the hot reads (``readStatement(_:)``, ``readSnapshot(_:)``).
    let readers: ReaderSet
    /// Credentials live at most 5 s in this process's cache: a key revoked by another process
    /// (`tessera user key revoke`, another gateway) stops working within that time. Cost: one
    /// indexed read per key per 5 s.
    private let credentialCache = RecordCache<String, Credential>(lifetime: .seconds(5))
    /// Buckets too: rules, ACLs or a deletion made by another process (`tessera lifecycle set`)
    /// show through within 5 s.
    private let bucketCache = RecordCache<BucketName, Bucket>(lifetime: .seconds(5))

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        Self.prepareProcess()
        var config = Configuration()
        config.prepareDatabase { db in
            // A replacing `INSERT OR REPLACE` fires the delete trigger that keeps object_totals.
            try db.execute(sql: "PRAGMA recursive_triggers = ON")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        // After the pool is open, not in `prepareDatabase`: `DatabasePool` switches its writer to
        // WAL and then sets `synchronous = NORMAL` (GRDB 7), which fsyncs only at checkpoints, so
        // a commit acknowledged to a client could be lost to a power cut. FULL fsyncs the WAL at
        // every commit; group commit shares that fsync among the writes of a batch.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        try Schema.migrator().migrate(pool)
        writes = GroupCommit(pool: pool)
        readers = try ReaderSet(path: path, count: 4)
    }

    /// SQLite's process-wide settings, made once before the process's first connection opens
    /// (all of its connections are this type's).
    ///
    /// Memory statistics off: with them on (SQLite's default), every allocation and free of
    /// SQLite's, 26 of each an initiate, took one mutex shared by all connections of the process
    /// (3,000 instructions an initiate; callgrind, docs/benchmarks.md). Nothing reads them.
    private static let processConfiguration: Void = {
        _ = tessera_sqlite_disable_memory_statistics()
    }()

    /// Makes SQLite's process-wide settings if they are not made yet: before any connection of
    /// the process opens (tests that open GRDB connections of their own call it first).
    static func prepareProcess() {
        _ = processConfiguration
    }

    /// Whether SQLite counts its memory in this process (the most it ever held is then above 0).
    static var keepsMemoryStatistics: Bool { sqlite3_memory_highwater(0) > 0 }

    // MARK: Credentials

    public func credential(accessKey: String) async throws -> Credential? {
        try await credentialCache.value(accessKey) {
            try await readStatement { db in
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

    public func removeCredential(accessKey: String) async throws -> Bool {
        let removed = try await writes.write { db in
            try db.cachedStatement(sql: "DELETE FROM credentials WHERE access_key = ?").execute(arguments: [accessKey])
            return db.changesCount > 0
        }
        credentialCache.changed(accessKey, to: nil)
        return removed
    }

    public func credentials() async throws -> [Credential] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM credentials ORDER BY created").map(Self.credential)
        }
    }

    static func credential(_ row: Row) -> Credential {
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
            try db.cachedStatement(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region, lifecycle, access, acl) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(
                           arguments: [b.name.value, b.owner.id, b.owner.displayName, b.created.microseconds, b.region,
                                       try b.lifecycle.map(StoredText.json), b.access.rawValue, b.acl.grants.isEmpty ? nil : try StoredText.json(b.acl)])
        }
        bucketCache.changed(b.name, to: b)
    }

    public func bucket(_ name: BucketName) async throws -> Bucket? {
        try await bucketCache.value(name) {
            try await readStatement { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM buckets WHERE name = ?"), arguments: [name.value]).map(Self.bucket)
            }
        }
    }

    public func buckets() async throws -> [Bucket] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM buckets ORDER BY name").map(Self.bucket) }
    }

    static func bucket(_ row: Row) throws -> Bucket {
        Bucket(name: BucketName(trusted: row["name"]), owner: Owner(id: row["owner_id"], displayName: row["owner_name"]),
               created: Timestamp(microseconds: row["created"]), region: row["region"],
               lifecycle: try (row["lifecycle"] as String?).map { try StoredText.decode(LifecycleConfiguration.self, $0) },
               access: BucketAccess(rawValue: row["access"]) ?? .private,
               acl: try (row["acl"] as String?).map { try StoredText.decode(AccessControlList.self, $0) } ?? .private)
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        try await writes.write { db in
            try db.cachedStatement(sql: "UPDATE buckets SET lifecycle = ? WHERE name = ?").execute(arguments: [try configuration.map(StoredText.json), bucket.value])
            guard db.changesCount == 1 else { throw StorageError.noSuchBucket(bucket.value) }
        }
        bucketCache.changed(bucket, to: nil)
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName) async throws {
        try await writes.write { db in
            try db.cachedStatement(sql: "UPDATE buckets SET acl = ? WHERE name = ?")
                .execute(arguments: [acl.grants.isEmpty ? nil : try StoredText.json(acl), bucket.value])
            guard db.changesCount == 1 else { throw StorageError.noSuchBucket(bucket.value) }
        }
        bucketCache.changed(bucket, to: nil)
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName, key: ObjectKey, etag: ETag) async throws {
        try await writes.write { db in
            let select = "SELECT etag, attributes FROM objects WHERE bucket = ? AND key = ?"
            guard let row = try Row.fetchOne(db.cachedStatement(sql: select), arguments: [bucket.value, Codecs.keyBlob(key.value)]),
                  ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]) == etag else {
                throw StorageError.noSuchKey(key.value)
            }
            var attributes = try StoredText.attributes(row["attributes"])
            attributes.acl = acl.grants.isEmpty ? nil : acl
            try db.cachedStatement(sql: "UPDATE objects SET attributes = ? WHERE bucket = ? AND key = ?")
                .execute(arguments: [AttributesCodec.encode(attributes), bucket.value, Codecs.keyBlob(key.value)])
        }
    }

    public func setAccess(_ access: BucketAccess, bucket: BucketName) async throws {
        try await writes.write { db in
            try db.cachedStatement(sql: "UPDATE buckets SET access = ? WHERE name = ?").execute(arguments: [access.rawValue, bucket.value])
            guard db.changesCount == 1 else { throw StorageError.noSuchBucket(bucket.value) }
        }
        bucketCache.changed(bucket, to: nil)
    }

    public func deleteBucket(_ name: BucketName, abortingUploads: Bool) async throws -> Int {
        let aborted = try await writes.write { db -> Int in
            guard try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM buckets WHERE name = ?"), arguments: [name.value]) != nil else {
                throw StorageError.noSuchBucket(name.value)
            }
            let hasObjects = try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM objects WHERE bucket = ? LIMIT 1"), arguments: [name.value]) != nil
            let hasUploads = try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1"), arguments: [name.value]) != nil
            if hasObjects || (hasUploads && !abortingUploads) {
                throw StorageError(.bucketNotEmpty, "The bucket you tried to delete is not empty", context: ErrorContext(bucket: name.value))
            }
            var aborted = 0
            if hasUploads {
                let uploads = "SELECT upload_id FROM uploads WHERE bucket = ?"
                try db.execute(sql: "INSERT INTO gc_queue(blob) SELECT blob FROM parts WHERE upload_id IN (\(uploads))", arguments: [name.value])
                try db.execute(sql: "DELETE FROM parts WHERE upload_id IN (\(uploads))", arguments: [name.value])
                try db.execute(sql: "DELETE FROM uploads WHERE bucket = ?", arguments: [name.value])
                aborted = db.changesCount
            }
            try db.cachedStatement(sql: "DELETE FROM completions WHERE bucket = ?").execute(arguments: [name.value])
            try db.cachedStatement(sql: "DELETE FROM upload_totals WHERE bucket = ?").execute(arguments: [name.value])
            try db.cachedStatement(sql: "DELETE FROM object_totals WHERE bucket = ?").execute(arguments: [name.value])
            try db.cachedStatement(sql: "DELETE FROM buckets WHERE name = ?").execute(arguments: [name.value])
            return aborted
        }
        bucketCache.changed(name, to: nil)
        return aborted
    }

    // MARK: Objects

    static func requireBucket(_ db: Database, _ name: BucketName) throws {
        // By position, not through GRDB's Row (see ColumnCursor): 9,000 instructions a write.
        guard try ColumnCursor.first(db.cachedStatement(sql: "SELECT 1 FROM buckets WHERE name = ?"), bind: { $0.text(name.value) }, { _ in () }) != nil else {
            throw StorageError.noSuchBucket(name.value)
        }
    }

    static func enqueueGarbage(_ db: Database, _ blobs: [BlobID]) throws {
        for b in blobs { try db.cachedStatement(sql: "INSERT INTO gc_queue(blob) VALUES (?)").run { $0.text(b.value) } }
    }

    /// Checks `condition` against the object under the key now (no read without a condition).
    static func check(_ condition: WriteCondition, _ db: Database, _ bucket: BucketName, _ key: ObjectKey) throws {
        guard condition != .none else { return }
        let etag = try String.fetchOne(db.cachedStatement(sql: "SELECT etag FROM objects WHERE bucket = ? AND key = ?"),
                                       arguments: [bucket.value, Codecs.keyBlob(key.value)])
        try condition.check(etag.map { ETag(parsing: $0) ?? ETag(hex: $0) }, key: key.value)
    }

    /// Writes `o` over whatever is under its key; returns whether the replaced object's blobs
    /// were queued for garbage collection.
    static func replaceObject(_ db: Database, _ o: ObjectRecord) throws -> Bool {
        var replaced: [Segment] = []
        if let old = try ColumnCursor.first(db.cachedStatement(sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?"),
                                            bind: { $0.text(o.bucket.value); $0.blob(utf8: o.key.value) }, { $0.text(0) }) {
            replaced = StoredText.manifest(old)
            try enqueueGarbage(db, replaced.map(\.blob))
        }
        // Inline content in a row of its own (Schema v13); the replaced row's goes by trigger.
        var contentID: Int64?
        if let content = o.inlineContent {
            try db.cachedStatement(sql: "INSERT INTO object_contents(content) VALUES (?)").run { $0.blob(content) }
            contentID = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                           upload_id, ufile_etag, content_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run { b in
            b.text(o.bucket.value)
            b.blob(utf8: o.key.value)
            b.int(o.size)
            b.text(o.etag.description)
            b.int(o.lastModified.microseconds)
            b.text(AttributesCodec.encode(o.attributes))
            b.text(StoredText.checksumsText(o.checksums))
            b.text(StoredText.manifestText(o.manifest))
            b.text(o.owner.id)
            b.text(o.owner.displayName)
            b.text(o.uploadID?.value)
            b.text(o.ufileETag)
            b.int(contentID)
        }
        return !replaced.isEmpty
    }

    @discardableResult
    public func putObject(_ object: ObjectRecord, condition: WriteCondition) async throws -> Bool {
        try await writes.write { db in
            try Self.requireBucket(db, object.bucket)
            try Self.check(condition, db, object.bucket, object.key)
            let queued = try Self.replaceObject(db, object)
            try Self.withdrawIntents(db, object.manifest.map(\.blob))
            return queued
        }
    }

    public func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord? {
        try await readStatement { db in
            try ColumnCursor.first(db.cachedStatement(sql: Queries.object),
                                   bind: { $0.text(bucket.value); $0.blob(utf8: key.value) }, Codecs.object)
        }
    }

    public func deleteObject(bucket: BucketName, key: ObjectKey) async throws -> Bool {
        try await writes.write { db in
            let k = Codecs.keyBlob(key.value)
            guard let old = try String.fetchOne(db.cachedStatement(sql: "SELECT manifest FROM objects WHERE bucket = ? AND key = ?"), arguments: [bucket.value, k]) else {
                return false
            }
            try Self.enqueueGarbage(db, StoredText.manifest(old).map(\.blob))
            try db.cachedStatement(sql: "DELETE FROM objects WHERE bucket = ? AND key = ?").execute(arguments: [bucket.value, k])
            return true
        }
    }

    public func readObjectIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T {
        try await readSnapshot { db in try body(IndexReader { r in try Self.objects(db, bucket, r.position, r.prefix, r.limit) }) }
    }

    static func objects(_ db: Database, _ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int) throws -> [ObjectRecord] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: nil)
        return try ColumnCursor.all(db.cachedStatement(sql: "SELECT \(Codecs.objectColumns) FROM objects WHERE bucket = ?\(clause) ORDER BY key LIMIT ?"),
                                    StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue]), Codecs.object)
    }
}
