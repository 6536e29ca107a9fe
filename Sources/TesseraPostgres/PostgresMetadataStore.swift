public import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
public import TesseraCore

/// The ``MetadataStore`` of several gateways: PostgreSQL, through postgres-nio's pooled client.
///
/// Every write is one transaction at READ COMMITTED that locks the rows it decides on
/// (`SELECT … FOR UPDATE` / `FOR SHARE`) in one order — bucket, upload, object, totals — so the
/// same call racing through different gateways has one outcome; a deadlock, serialization
/// failure or unique-key race fails one transaction, which is run again (at most
/// ``Retry/attempts`` times). Listing pages and the blob inventory read one REPEATABLE READ
/// snapshot (a page's synchronous reads through ``ReplayedReads``). No advisory locks.
public final class PostgresMetadataStore: MetadataStore {
    let client: PostgresClient
    let logger: Logger
    /// This gateway's name: the blobs it announces carry it, and at start it reclaims only its own.
    public let gateway: String
    /// How long a claimed garbage entry is this gateway's (``claimGarbage(limit:)``), in µs.
    let garbageLease: Int64
    private let running: Task<Void, Never>
    private let listening: Task<Void, Never>
    /// Another gateway's change (a revoked key, a deleted bucket, new rules) is forgotten here
    /// when its notice arrives (``ChangeNotices``), and within 5 s if the notice is missed.
    /// Cost: one indexed read per key or bucket per 5 s.
    let credentialCache = RecordCache<String, Credential>(lifetime: .seconds(5))
    let bucketCache = RecordCache<BucketName, Bucket>(lifetime: .seconds(5))
    /// Whether the change notices are being received right now.
    let isListening = NIOLockedValueBox(false)

    private init(client: PostgresClient, running: Task<Void, Never>, gateway: String, garbageLease: Duration, logger: Logger) {
        self.client = client
        listening = Task { [credentialCache, bucketCache, isListening] in
            await ChangeNotices.listen(client: client, credentials: credentialCache, buckets: bucketCache, listening: isListening, logger: logger)
        }
        self.garbageLease = garbageLease.components.seconds * 1_000_000 + garbageLease.components.attoseconds / 1_000_000_000_000
        self.running = running
        self.gateway = gateway
        self.logger = logger
    }

    deinit {
        listening.cancel()
        running.cancel()
    }

    /// Connects, applies any pending migrations (under a lock: gateways may start together) and
    /// returns the store. `gateway` names this process among those sharing the database; a
    /// garbage entry it claims is its own for `garbageLease` (a batch takes well under a second).
    public static func open(_ location: PostgresLocation, gateway: String, maximumConnections: Int = 16, garbageLease: Duration = .seconds(60),
                            logger: Logger = Logger(label: "tessera.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) async throws -> PostgresMetadataStore {
        var configuration = location.configuration
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        let store = PostgresMetadataStore(client: client, running: running, gateway: gateway, garbageLease: garbageLease, logger: logger)
        var attempt = 0
        while true {
            do {
                _ = try await store.session { try await PostgresSchema.migrate($0, schema: location.schema) }
                return store
            } catch where Retry.isTransient(error) && attempt < Retry.attempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            } catch let error as PSQLError {
                // Start-up: say what the server said (the driver's description hides it).
                running.cancel()
                throw StorageError(.serviceUnavailable, "PostgreSQL refused to open the metadata: \(Retry.explain(error))")
            }
        }
    }

    /// Closes every connection.
    public func close() {
        listening.cancel()
        running.cancel()
    }

    // MARK: Sessions

    /// `body` on one leased connection, outside a transaction. A database that cannot be reached
    /// (no connection: the driver's pool gives up after 60 s of failed attempts, then fails at
    /// once until one succeeds; a connection lost) is `serviceUnavailable` — 503, which clients
    /// retry — not an internal error. Errors the server reports (SQL states) and the store's own
    /// pass through.
    func session<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(Session(connection: connection, logger: logger)) }
        } catch let error as StorageError {
            throw error
        } catch let error as PSQLError where error.serverInfo != nil {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error("metadata database unreachable: \(error)")
            throw StorageError(.serviceUnavailable, "The metadata database cannot be reached; please retry.")
        }
    }

    /// `body` in one READ COMMITTED transaction, run again on a transient conflict.
    @discardableResult
    func transaction<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
        try await retrying {
            try await session { s in try await s.inTransaction("BEGIN", body) }
        }
    }

    /// `attempt` again (after a short random pause) when it fails with a transient conflict.
    func retrying<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        var attempts = 0
        while true {
            do {
                return try await attempt()
            } catch where Retry.isTransient(error) && attempts < Retry.attempts {
                attempts += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 << min(attempts, 5)))))
            }
        }
    }

    /// `body` in one REPEATABLE READ, read-only transaction: all its reads see one snapshot.
    func snapshot<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
        try await session { s in try await s.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body) }
    }

    // MARK: Credentials

    public func credential(accessKey: String) async throws -> Credential? {
        try await credentialCache.value(accessKey) {
            try await session { s in
                try await s.rows("SELECT \(unescaped: Rows.credentialColumns) FROM credentials WHERE access_key = \(accessKey)").first.map(Rows.credential)
            }
        }
    }

    public func addCredential(_ c: Credential) async throws {
        let added = try await transaction { s in
            try await s.execute("""
                INSERT INTO credentials VALUES (\(c.accessKey), \(c.secretKey), \(c.owner.id), \(c.owner.displayName), \(c.isAdmin), \(c.created.microseconds))
                ON CONFLICT (access_key) DO NOTHING
                """)
        }
        guard added == 1 else { throw StorageError.invalidArgument("Access key already exists.", name: "accessKey", value: c.accessKey) }
        credentialCache.changed(c.accessKey, to: c)
    }

    public func removeCredential(accessKey: String) async throws -> Bool {
        let removed = try await transaction { s in
            let removed = try await s.execute("DELETE FROM credentials WHERE access_key = \(accessKey)")
            try await ChangeNotices.send(s, .credential(accessKey))
            return removed
        }
        credentialCache.changed(accessKey, to: nil)
        return removed > 0
    }

    public func credentials() async throws -> [Credential] {
        try await session { s in
            try await s.rows("SELECT \(unescaped: Rows.credentialColumns) FROM credentials ORDER BY created, access_key").map(Rows.credential)
        }
    }

    // MARK: Buckets

    public func createBucket(_ b: Bucket) async throws {
        let lifecycle = try b.lifecycle.map(StoredText.json)
        let acl = b.acl.grants.isEmpty ? nil : try StoredText.json(b.acl)
        let tags = try b.tags.map(StoredText.json)
        let cors = try b.crossOrigin.map(StoredText.json)
        let block = try b.publicAccessBlock.map(StoredText.json)
        let ownership = b.objectOwnership?.rawValue
        let policy = try b.policy.map(StoredText.json)
        let accessList = try b.accessList.map(StoredText.json)
        let versioning = b.versioning?.rawValue
        try await transaction { s in
            let added = try await s.execute("""
                INSERT INTO buckets(name, owner_id, owner_name, created, region, lifecycle, access, acl, tags, cors, public_access_block, object_ownership, policy, access_list,
                                    versioning)
                VALUES (\(b.name.value), \(b.owner.id), \(b.owner.displayName), \(b.created.microseconds), \(b.region), \(lifecycle),
                        \(b.access.rawValue), \(acl), \(tags), \(cors), \(block), \(ownership), \(policy), \(accessList), \(versioning))
                ON CONFLICT (name) DO NOTHING
                """)
            guard added == 1 else {
                let owner = try await s.rows("SELECT owner_id FROM buckets WHERE name = \(b.name.value)").first.map { try $0.decode(String.self) }
                throw StorageError(.bucketAlreadyExists, "The requested bucket name is not available.",
                                   context: ErrorContext(bucket: b.name.value, owner: owner))
            }
        }
        bucketCache.changed(b.name, to: b)
    }

    public func bucket(_ name: BucketName) async throws -> Bucket? {
        try await bucketCache.value(name) {
            try await session { s in
                try await s.rows("SELECT \(unescaped: Rows.bucketColumns) FROM buckets WHERE name = \(name.value)").first.map(Rows.bucket)
            }
        }
    }

    public func buckets() async throws -> [Bucket] {
        try await session { s in try await s.rows("SELECT \(unescaped: Rows.bucketColumns) FROM buckets ORDER BY name").map(Rows.bucket) }
    }

    public func deleteBucket(_ name: BucketName, abortingUploads: Bool) async throws -> Int {
        let aborted = try await transaction { s -> Int in
            // Bucket first, then its uploads: the order every write takes, so racing writes
            // through other gateways wait here and then find the bucket gone.
            guard try await s.execute("SELECT 1 FROM buckets WHERE name = \(name.value) FOR UPDATE") == 1 else {
                throw StorageError.noSuchBucket(name.value)
            }
            let uploads = try await s.execute("SELECT 1 FROM uploads WHERE bucket = \(name.value) FOR UPDATE")
            let hasObjects = try await s.execute("SELECT 1 FROM objects WHERE bucket = \(name.value) LIMIT 1") > 0
            if hasObjects || (uploads > 0 && !abortingUploads) {
                throw StorageError(.bucketNotEmpty, "The bucket you tried to delete is not empty", context: ErrorContext(bucket: name.value))
            }
            if uploads > 0 {
                try await s.execute("""
                    WITH gone AS (DELETE FROM parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = \(name.value)) RETURNING blob)
                    INSERT INTO gc_queue(blob) SELECT blob FROM gone
                    """)
                try await s.execute("DELETE FROM uploads WHERE bucket = \(name.value)")
            }
            try await s.execute("DELETE FROM completions WHERE bucket = \(name.value)")
            try await s.execute("DELETE FROM upload_totals WHERE bucket = \(name.value)")
            try await s.execute("DELETE FROM object_totals WHERE bucket = \(name.value)")
            try await s.execute("DELETE FROM buckets WHERE name = \(name.value)")
            try await ChangeNotices.send(s, .bucket(name))
            return uploads
        }
        bucketCache.changed(name, to: nil)
        return aborted
    }

    /// Fails with `noSuchBucket` unless the bucket exists; holds it (FOR SHARE) against a
    /// concurrent delete until the transaction ends.
    static func holdBucket(_ s: Session, _ name: BucketName) async throws {
        guard try await s.execute("SELECT 1 FROM buckets WHERE name = \(name.value) FOR SHARE") == 1 else {
            throw StorageError.noSuchBucket(name.value)
        }
    }

    /// Queues blobs for deletion in the caller's transaction.
    static func enqueueGarbage(_ s: Session, _ blobs: [BlobID]) async throws {
        guard !blobs.isEmpty else { return }
        try await s.execute("INSERT INTO gc_queue(blob) SELECT unnest(\(blobs.map(\.value))::text[])")
    }
}
