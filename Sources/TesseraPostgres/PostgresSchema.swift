import Logging
import PostgresNIO

/// Named, append-only migrations, applied at start in one transaction that holds an exclusive
/// lock on the migrations table: gateways starting together apply each migration once, and a
/// gateway that starts while another migrates waits for it. (A table lock, not an advisory lock:
/// PostgreSQL-compatible distributed databases lack or limit those.)
enum PostgresSchema {
    /// Text columns compared in byte order whatever the database's collation: ids are ordered
    /// like the SQLite store's (bytewise) in every keyset comparison.
    static let migrations: [(name: String, sql: [String])] = [
        ("v1-initial", [
            """
            CREATE TABLE credentials(
                access_key text COLLATE "C" PRIMARY KEY, secret_key text NOT NULL, owner_id text NOT NULL,
                owner_name text NOT NULL, is_admin boolean NOT NULL, created bigint NOT NULL)
            """,
            """
            CREATE TABLE buckets(
                name text COLLATE "C" PRIMARY KEY, owner_id text NOT NULL, owner_name text NOT NULL, created bigint NOT NULL,
                region text NOT NULL, lifecycle text, access text NOT NULL DEFAULT 'private', acl text)
            """,
            """
            CREATE TABLE objects(
                bucket text COLLATE "C" NOT NULL, key bytea NOT NULL, size bigint NOT NULL, etag text NOT NULL,
                last_modified bigint NOT NULL, attributes text NOT NULL, checksums text NOT NULL, manifest text NOT NULL,
                owner_id text NOT NULL, owner_name text NOT NULL, upload_id text, ufile_etag text, content bytea,
                PRIMARY KEY(bucket, key))
            """,
            // The listing index is the primary key: (bucket, key, upload id), keys in byte order.
            """
            CREATE TABLE uploads(
                bucket text COLLATE "C" NOT NULL, key bytea NOT NULL, upload_id text COLLATE "C" NOT NULL,
                initiated bigint NOT NULL, last_activity bigint NOT NULL, owner_id text NOT NULL, owner_name text NOT NULL,
                initiator_id text NOT NULL, initiator_name text NOT NULL, dialect text NOT NULL, checksum_algorithm text,
                block_size bigint, attributes text NOT NULL, part_count integer NOT NULL DEFAULT 0,
                bytes bigint NOT NULL DEFAULT 0, checksum_type text, storage_class text NOT NULL DEFAULT 'STANDARD',
                PRIMARY KEY(bucket, key, upload_id))
            """,
            "CREATE UNIQUE INDEX uploads_by_id ON uploads(bucket, upload_id)",
            "CREATE INDEX uploads_by_initiated ON uploads(bucket, initiated, upload_id)",
            "CREATE INDEX uploads_by_activity ON uploads(bucket, last_activity, upload_id)",
            """
            CREATE TABLE parts(
                upload_id text COLLATE "C" NOT NULL, part_number integer NOT NULL, size bigint NOT NULL, etag text NOT NULL,
                checksums text NOT NULL, blob text NOT NULL, last_modified bigint NOT NULL, PRIMARY KEY(upload_id, part_number))
            """,
            """
            CREATE TABLE completions(
                bucket text COLLATE "C" NOT NULL, upload_id text COLLATE "C" NOT NULL, key bytea NOT NULL, etag text NOT NULL,
                parts_digest text NOT NULL, size bigint NOT NULL, completed bigint NOT NULL, PRIMARY KEY(bucket, upload_id))
            """,
            """
            CREATE TABLE upload_totals(
                bucket text COLLATE "C" PRIMARY KEY, uploads bigint NOT NULL, parts bigint NOT NULL, bytes bigint NOT NULL)
            """,
            "CREATE TABLE gc_queue(sequence bigserial PRIMARY KEY, blob text NOT NULL)",
            // Each gateway reclaims only its own announcements (see PostgresMetadataStore.gateway).
            """
            CREATE TABLE blob_intents(
                blob text PRIMARY KEY, gateway text NOT NULL, created bigint NOT NULL)
            """,
            "CREATE INDEX blob_intents_by_gateway ON blob_intents(gateway, created)",
        ]),
        // Collectors on several gateways: an entry is leased to one until this time (µs since
        // 1970, the database's clock); NULL or past: free.
        ("v2-garbage-leases", ["ALTER TABLE gc_queue ADD COLUMN leased_until bigint"]),
        // Stored objects and bytes per bucket, kept by a trigger so every write path counts. The
        // counts are striped by server process (`pg_backend_pid() % 16`): concurrent writers into
        // one bucket, each on its own pooled connection, update different rows instead of all
        // waiting on one until commit. Summed when read.
        ("v3-object-totals", [
            """
            CREATE TABLE object_totals(
                bucket text COLLATE "C" NOT NULL, stripe integer NOT NULL, objects bigint NOT NULL, bytes bigint NOT NULL,
                PRIMARY KEY(bucket, stripe))
            """,
            "INSERT INTO object_totals SELECT bucket, 0, count(*), sum(size) FROM objects GROUP BY bucket",
            """
            CREATE FUNCTION tessera_count_objects() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                b text; n bigint; delta bigint;
            BEGIN
                IF TG_OP = 'INSERT' THEN b := NEW.bucket; n := 1; delta := NEW.size;
                ELSIF TG_OP = 'DELETE' THEN b := OLD.bucket; n := -1; delta := -OLD.size;
                ELSE b := NEW.bucket; n := 0; delta := NEW.size - OLD.size;
                END IF;
                INSERT INTO object_totals(bucket, stripe, objects, bytes) VALUES (b, pg_backend_pid() % 16, n, delta)
                ON CONFLICT (bucket, stripe) DO UPDATE
                    SET objects = object_totals.objects + excluded.objects, bytes = object_totals.bytes + excluded.bytes;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER objects_counted AFTER INSERT OR DELETE OR UPDATE OF size ON objects
            FOR EACH ROW EXECUTE FUNCTION tessera_count_objects()
            """,
        ]),
        // A bucket's own tags (S3's bucket tagging), as JSON.
        ("v4-bucket-tags", ["ALTER TABLE buckets ADD COLUMN tags text"]),
        // A bucket's cross-origin (CORS) rules, as JSON.
        ("v5-bucket-cors", ["ALTER TABLE buckets ADD COLUMN cors text"]),
        // A bucket's public access block, as JSON.
        ("v6-public-access-block", ["ALTER TABLE buckets ADD COLUMN public_access_block text"]),
        // A bucket's object ownership (S3's ownership controls).
        ("v7-object-ownership", ["ALTER TABLE buckets ADD COLUMN object_ownership text"]),
        // A bucket's policy, as JSON (its statements and the document as given).
        ("v8-bucket-policy", ["ALTER TABLE buckets ADD COLUMN policy text"]),
        // A bucket's access list kept as statements (BOS's bucket ACL), as JSON.
        ("v9-bucket-access-list", ["ALTER TABLE buckets ADD COLUMN access_list text"]),
        // A bucket's versioning state (S3's PutBucketVersioning: `Suspended`), as text.
        ("v10-bucket-versioning", ["ALTER TABLE buckets ADD COLUMN versioning text"]),
    ]

    /// Applies the migrations not yet applied; returns their names.
    static func migrate(_ session: Session, schema: String?) async throws -> [String] {
        // Gateways starting together on a new database may both create the schema or the table:
        // PostgreSQL's IF NOT EXISTS is not safe against a concurrent creator (it can fail with a
        // unique violation on the catalog), so these idempotent statements are tried again.
        var attempt = 0
        while true {
            do {
                if let schema {
                    try await session.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""))
                }
                try await session.execute("CREATE TABLE IF NOT EXISTS tessera_migrations(name text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())")
                break
            } catch let error as PSQLError where error.serverInfo != nil && attempt < 8 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...100)))
            }
        }
        return try await session.inTransaction("BEGIN") { session in
            try await session.execute("LOCK TABLE tessera_migrations IN EXCLUSIVE MODE")
            let done = Set(try await session.rows("SELECT name FROM tessera_migrations").map { try $0.decode(String.self) })
            var applied: [String] = []
            for migration in migrations where !done.contains(migration.name) {
                for statement in migration.sql { try await session.execute(PostgresQuery(unsafeSQL: statement)) }
                try await session.execute("INSERT INTO tessera_migrations(name) VALUES (\(migration.name))")
                applied.append(migration.name)
            }
            return applied
        }
    }
}
