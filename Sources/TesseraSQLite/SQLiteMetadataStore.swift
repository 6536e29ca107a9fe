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
    ///
    /// The default VFS hands a write-ahead log transaction's frames to the kernel in one write,
    /// where SQLite makes two a frame (`wal_frames.c` in CTesseraSQLiteConfig says why a commit
    /// stays exactly as durable and visible as before, and what it saves).
    private static let processConfiguration: Void = {
        _ = tessera_sqlite_disable_memory_statistics()
        _ = tessera_sqlite_register_wal_frames()
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
            try db.cachedStatement(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region, lifecycle, access, acl, tags, cors, public_access_block, object_ownership, policy, access_list, versioning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(
                           arguments: [b.name.value, b.owner.id, b.owner.displayName, b.created.microseconds, b.region,
                                       try b.lifecycle.map(StoredText.json), b.access.rawValue, b.acl.grants.isEmpty ? nil : try StoredText.json(b.acl),
                                       try b.tags.map(StoredText.json), try b.crossOrigin.map(StoredText.json),
                                       try b.publicAccessBlock.map(StoredText.json), b.objectOwnership?.rawValue, try b.policy.map(StoredText.json),
                                       try b.accessList.map(StoredText.json), b.versioning?.rawValue])
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
               acl: try (row["acl"] as String?).map { try StoredText.decode(AccessControlList.self, $0) } ?? .private,
               tags: try (row["tags"] as String?).map { try StoredText.decode([ObjectTag].self, $0) },
               crossOrigin: try (row["cors"] as String?).map { try StoredText.decode(CrossOriginConfiguration.self, $0) },
               publicAccessBlock: try (row["public_access_block"] as String?).map { try StoredText.decode(PublicAccessBlock.self, $0) },
               objectOwnership: (row["object_ownership"] as String?).flatMap(ObjectOwnership.init(rawValue:)),
               policy: try (row["policy"] as String?).map { try StoredText.decode(BucketPolicy.self, $0) },
               accessList: try (row["access_list"] as String?).map { try StoredText.decode(BucketPolicy.self, $0) },
               versioning: (row["versioning"] as String?).flatMap(VersioningStatus.init(rawValue:)))
    }

    /// Runs one `UPDATE buckets SET <column> = ?` that must change exactly the bucket (else
    /// `noSuchBucket`); forgets the cached one.
    private func updateBucket(_ bucket: BucketName, set column: String, to value: (any DatabaseValueConvertible & Sendable)?) async throws {
        try await writes.write { db in
            try db.cachedStatement(sql: "UPDATE buckets SET \(column) = ? WHERE name = ?").execute(arguments: [value, bucket.value])
            guard db.changesCount == 1 else { throw StorageError.noSuchBucket(bucket.value) }
        }
        bucketCache.changed(bucket, to: nil)
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "lifecycle", to: try configuration.map(StoredText.json))
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "acl", to: acl.grants.isEmpty ? nil : try StoredText.json(acl))
    }

    public func setTags(_ tags: [ObjectTag]?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "tags", to: try tags.map(StoredText.json))
    }

    public func setPublicAccessBlock(_ block: PublicAccessBlock?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "public_access_block", to: try block.map(StoredText.json))
    }

    public func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "object_ownership", to: ownership?.rawValue)
    }

    public func setVersioning(_ status: VersioningStatus?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "versioning", to: status?.rawValue)
    }

    public func setPolicy(_ policy: BucketPolicy?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "policy", to: try policy.map(StoredText.json))
    }

    public func setAccessList(_ list: BucketPolicy?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "access_list", to: try list.map(StoredText.json))
    }

    public func setCrossOrigin(_ configuration: CrossOriginConfiguration?, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "cors", to: try configuration.map(StoredText.json))
    }

    public func updateAttributes(bucket: BucketName, key: ObjectKey, etag: ETag,
                                 _ change: @escaping @Sendable (inout ObjectAttributes) -> Void) async throws {
        try await writes.write { db in
            let select = "SELECT etag, \(Codecs.objectAttributes), attributes_id FROM objects WHERE bucket = ? AND key = ?"
            let keyBlob = Codecs.keyBlob(key.value)
            guard let row = try Row.fetchOne(db.cachedStatement(sql: select), arguments: [bucket.value, keyBlob]),
                  StoredText.etag(row[0]) == etag else {
                throw StorageError.noSuchKey(key.value)
            }
            var attributes = try StoredText.attributes(row[1])
            change(&attributes)
            // Long attributes live in a row of their own (Schema v15): the old one goes, a new one
            // is written when the new attributes are long.
            if let old: Int64 = row[2] {
                try db.cachedStatement(sql: "DELETE FROM object_attributes WHERE id = ?").execute(arguments: [old])
            }
            let stored = try ApartTexts.store(db, AttributesCodec.encode(attributes), limit: Codecs.attributesLimit, in: .objectAttributes)
            try db.cachedStatement(sql: "UPDATE objects SET attributes = ?, attributes_id = ? WHERE bucket = ? AND key = ?")
                .execute(arguments: [stored.text, stored.id, bucket.value, keyBlob])
        }
    }

    public func setAccess(_ access: BucketAccess, bucket: BucketName) async throws {
        try await updateBucket(bucket, set: "access", to: access.rawValue)
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
}
