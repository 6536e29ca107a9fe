import GRDB

/// Named, append-only schema migrations.
enum Schema {
    /// The triggers that keep `object_totals` (v10), made again by v13 after it rebuilt the
    /// objects table. Migrations run once and in order: a change here would make new databases
    /// differ from migrated ones, so a new trigger goes in a new migration.
    static let objectTotalsTriggers = """
        CREATE TRIGGER objects_counted_in AFTER INSERT ON objects BEGIN
            INSERT INTO object_totals(bucket, objects, bytes) VALUES (NEW.bucket, 1, NEW.size)
            ON CONFLICT(bucket) DO UPDATE SET objects = objects + 1, bytes = bytes + excluded.bytes;
        END;
        CREATE TRIGGER objects_counted_out AFTER DELETE ON objects BEGIN
            UPDATE object_totals SET objects = objects - 1, bytes = bytes - OLD.size WHERE bucket = OLD.bucket;
        END;
        CREATE TRIGGER objects_recounted AFTER UPDATE OF size ON objects BEGIN
            UPDATE object_totals SET bytes = bytes - OLD.size + NEW.size WHERE bucket = NEW.bucket;
        END;
        """

    /// The trigger that takes an object's inline content with it (v13), made again by v14 after
    /// it rebuilt the objects table; as with ``objectTotalsTriggers``, never changed.
    static let objectContentTrigger = """
        CREATE TRIGGER objects_content_out AFTER DELETE ON objects WHEN OLD.content_id IS NOT NULL BEGIN
            DELETE FROM object_contents WHERE id = OLD.content_id;
        END;
        """

    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE credentials(
                    access_key TEXT PRIMARY KEY, secret_key TEXT NOT NULL, owner_id TEXT NOT NULL,
                    owner_name TEXT NOT NULL, is_admin INTEGER NOT NULL, created INTEGER NOT NULL);
                CREATE TABLE buckets(
                    name TEXT PRIMARY KEY, owner_id TEXT NOT NULL, owner_name TEXT NOT NULL,
                    created INTEGER NOT NULL, region TEXT NOT NULL);
                CREATE TABLE objects(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                    last_modified INTEGER NOT NULL, attributes TEXT NOT NULL, checksums TEXT NOT NULL,
                    manifest TEXT NOT NULL, owner_id TEXT NOT NULL, owner_name TEXT NOT NULL, upload_id TEXT,
                    PRIMARY KEY(bucket, key)) WITHOUT ROWID;
                CREATE TABLE uploads(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, upload_id TEXT NOT NULL,
                    initiated INTEGER NOT NULL, last_activity INTEGER NOT NULL,
                    owner_id TEXT NOT NULL, owner_name TEXT NOT NULL, initiator_id TEXT NOT NULL, initiator_name TEXT NOT NULL,
                    dialect TEXT NOT NULL, checksum_algorithm TEXT, block_size INTEGER, attributes TEXT NOT NULL,
                    part_count INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(bucket, key, upload_id)) WITHOUT ROWID;
                CREATE UNIQUE INDEX uploads_by_id ON uploads(bucket, upload_id);
                CREATE INDEX uploads_by_initiated ON uploads(initiated);
                CREATE TABLE parts(
                    upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                    checksums TEXT NOT NULL, blob TEXT NOT NULL, last_modified INTEGER NOT NULL,
                    PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID;
                CREATE TABLE completions(
                    bucket TEXT NOT NULL, upload_id TEXT NOT NULL, key BLOB NOT NULL, etag TEXT NOT NULL,
                    parts_digest TEXT NOT NULL, size INTEGER NOT NULL, completed INTEGER NOT NULL,
                    PRIMARY KEY(bucket, upload_id)) WITHOUT ROWID;
                CREATE TABLE gc_queue(sequence INTEGER PRIMARY KEY AUTOINCREMENT, blob TEXT NOT NULL);
                """)
        }
        m.registerMigration("v2-object-ufile-etag") { db in
            try db.execute(sql: "ALTER TABLE objects ADD COLUMN ufile_etag TEXT")
        }
        m.registerMigration("v3-lifecycle-and-upload-totals") { db in
            try db.execute(sql: """
                ALTER TABLE buckets ADD COLUMN lifecycle TEXT;
                DROP INDEX uploads_by_initiated;
                CREATE INDEX uploads_by_initiated ON uploads(bucket, initiated, upload_id);
                CREATE INDEX uploads_by_activity ON uploads(bucket, last_activity, upload_id);
                CREATE TABLE upload_totals(
                    bucket TEXT PRIMARY KEY, uploads INTEGER NOT NULL, parts INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO upload_totals SELECT bucket, COUNT(*), SUM(part_count), SUM(bytes) FROM uploads GROUP BY bucket;
                """)
        }
        m.registerMigration("v4-inline-object-content") { db in
            // Last column: a listing, which does not read it, never touches its overflow pages.
            try db.execute(sql: "ALTER TABLE objects ADD COLUMN content BLOB")
        }
        m.registerMigration("v5-upload-storage-class") { db in
            // Listing pages show only the storage class of an upload's attributes: a column of its
            // own spares decoding the attributes JSON of every listed upload.
            try db.execute(sql: "ALTER TABLE uploads ADD COLUMN storage_class TEXT NOT NULL DEFAULT 'STANDARD'")
            try db.execute(sql: "UPDATE uploads SET storage_class = COALESCE(json_extract(attributes, '$.storageClass'), 'STANDARD')")
        }
        m.registerMigration("v6-blob-intents") { db in
            // Blobs announced before their file becomes visible and not yet referenced: what a
            // crash between linking a blob and committing its record would otherwise orphan.
            try db.execute(sql: "CREATE TABLE blob_intents(blob TEXT PRIMARY KEY, created INTEGER NOT NULL) WITHOUT ROWID")
        }
        m.registerMigration("v7-upload-checksum-type") { db in
            // NULL: the algorithm's default type (every upload before S3's FULL_OBJECT checksums).
            try db.execute(sql: "ALTER TABLE uploads ADD COLUMN checksum_type TEXT")
        }
        m.registerMigration("v8-bucket-access") { db in
            try db.execute(sql: "ALTER TABLE buckets ADD COLUMN access TEXT NOT NULL DEFAULT 'private'")
        }
        m.registerMigration("v9-acls") { db in
            // S3 ACL grants beyond the owner's, JSON; NULL is private. Objects keep theirs in
            // their attributes.
            try db.execute(sql: "ALTER TABLE buckets ADD COLUMN acl TEXT")
        }
        m.registerMigration("v10-object-totals") { db in
            // Kept by triggers, so every path that writes objects counts. A replacing PUT is an
            // `INSERT OR REPLACE`, whose implicit delete fires the delete trigger only with
            // `recursive_triggers` on (set on every connection by the store).
            try db.execute(sql: """
                CREATE TABLE object_totals(bucket TEXT PRIMARY KEY, objects INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO object_totals SELECT bucket, COUNT(*), SUM(size) FROM objects GROUP BY bucket;
                """)
            try db.execute(sql: objectTotalsTriggers)
        }
        m.registerMigration("v11-lean-upload-rows") { db in
            // An initiator equal to the owner is stored as an empty BLOB (the empty text is the
            // anonymous initiator), and attributes that are only a storage class (a column of its
            // own since v5) as an empty text (`Codecs.bindUploadRow`). The codec wrote exactly this
            // JSON for such attributes; any other row stays as it is and reads the same.
            try db.execute(sql: """
                UPDATE uploads SET initiator_id = X'', initiator_name = ''
                    WHERE initiator_id = owner_id AND initiator_name = owner_name;
                UPDATE uploads SET attributes = ''
                    WHERE attributes = '{"storageClass":"' || storage_class || '","userMetadata":[]}';
                """)
        }
        m.registerMigration("v12-upload-ids-as-bytes") { db in
            // A generated upload id (32 hex digits) is stored as its 16 bytes wherever it is a key
            // (`StoredUploadID`): 64 bytes less an upload (its row and three indexes), 16 a part.
            // Any other id stays TEXT; the declared type stays TEXT (SQLite keeps a BLOB as it is).
            // The two large tables are copied in key order and their indexes made again, so their
            // pages come out full: rewriting the ids in place left every page as large as before
            // (1,000,000 uploads: 404 against 311 bytes an upload, docs/benchmarks.md).
            db.add(function: StoredUploadID.migrationFunction)
            try db.execute(sql: """
                CREATE TABLE uploads_v12(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, upload_id TEXT NOT NULL,
                    initiated INTEGER NOT NULL, last_activity INTEGER NOT NULL,
                    owner_id TEXT NOT NULL, owner_name TEXT NOT NULL, initiator_id TEXT NOT NULL, initiator_name TEXT NOT NULL,
                    dialect TEXT NOT NULL, checksum_algorithm TEXT, block_size INTEGER, attributes TEXT NOT NULL,
                    part_count INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,
                    storage_class TEXT NOT NULL DEFAULT 'STANDARD', checksum_type TEXT,
                    PRIMARY KEY(bucket, key, upload_id)) WITHOUT ROWID;
                INSERT INTO uploads_v12
                    SELECT bucket, key, tessera_upload_id(upload_id), initiated, last_activity, owner_id, owner_name,
                           initiator_id, initiator_name, dialect, checksum_algorithm, block_size, attributes,
                           part_count, bytes, storage_class, checksum_type
                    FROM uploads ORDER BY bucket, key, 3;
                DROP TABLE uploads;
                ALTER TABLE uploads_v12 RENAME TO uploads;
                CREATE UNIQUE INDEX uploads_by_id ON uploads(bucket, upload_id);
                CREATE INDEX uploads_by_initiated ON uploads(bucket, initiated, upload_id);
                CREATE INDEX uploads_by_activity ON uploads(bucket, last_activity, upload_id);
                CREATE TABLE parts_v12(
                    upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                    checksums TEXT NOT NULL, blob TEXT NOT NULL, last_modified INTEGER NOT NULL,
                    PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID;
                INSERT INTO parts_v12
                    SELECT tessera_upload_id(upload_id), part_number, size, etag, checksums, blob, last_modified
                    FROM parts ORDER BY 1, 2;
                DROP TABLE parts;
                ALTER TABLE parts_v12 RENAME TO parts;
                UPDATE completions SET upload_id = tessera_upload_id(upload_id) WHERE typeof(upload_id) = 'text';
                """)
            db.remove(function: StoredUploadID.migrationFunction)
        }
        m.registerMigration("v13-object-contents-apart") { db in
            // Inline content moves to a rowid table of its own. In the WITHOUT ROWID objects
            // table a row with its content (up to 16 KiB) spilled to overflow pages, and SQLite
            // compares a key against such a cell only after copying the whole row out of them
            // into a fresh allocation, at every step of every search: a 4 KiB PUT's writer spent
            // a sixth of its time in malloc, free and memmove, 71.5-74 us a PUT against 51 after
            // (perf, /proc; docs/benchmarks.md). A row is now ~250 bytes, and only a read of an
            // inline object looks its content up, by rowid.
            // The objects table is copied in key order, so its pages come out full.
            try db.execute(sql: """
                CREATE TABLE object_contents(id INTEGER PRIMARY KEY, content BLOB NOT NULL);
                CREATE TEMP TABLE content_ids AS
                    SELECT bucket, key, row_number() OVER (ORDER BY bucket, key) AS id FROM objects WHERE content IS NOT NULL;
                INSERT INTO object_contents(id, content)
                    SELECT c.id, o.content FROM temp.content_ids c JOIN objects o ON o.bucket = c.bucket AND o.key = c.key ORDER BY c.id;
                CREATE TABLE objects_v13(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                    last_modified INTEGER NOT NULL, attributes TEXT NOT NULL, checksums TEXT NOT NULL,
                    manifest TEXT NOT NULL, owner_id TEXT NOT NULL, owner_name TEXT NOT NULL, upload_id TEXT,
                    ufile_etag TEXT, content_id INTEGER,
                    PRIMARY KEY(bucket, key)) WITHOUT ROWID;
                INSERT INTO objects_v13
                    SELECT o.bucket, o.key, o.size, o.etag, o.last_modified, o.attributes, o.checksums, o.manifest,
                           o.owner_id, o.owner_name, o.upload_id, o.ufile_etag, c.id
                    FROM objects o LEFT JOIN temp.content_ids c ON c.bucket = o.bucket AND c.key = o.key
                    ORDER BY o.bucket, o.key;
                DROP TABLE temp.content_ids;
                DROP TABLE objects;
                ALTER TABLE objects_v13 RENAME TO objects;
                """)
            // Dropping the old table dropped its triggers.
            try db.execute(sql: objectTotalsTriggers)
            try db.execute(sql: objectContentTrigger)
        }
        m.registerMigration("v14-long-manifests-apart") { db in
            // A manifest longer than `Codecs.manifestLimit` moves to a rowid table of its own, as
            // inline content did in v13: in the WITHOUT ROWID objects table a 128-part manifest
            // spilled to overflow pages, read at every search step comparing a key with its row
            // and for every listed row (docs/benchmarks.md, the eighteenth pass). Its row keeps
            // an empty manifest and the other row's id. The objects table is copied in key order,
            // so its pages come out full: shrinking the rows in place left them a quarter full,
            // and a listing of 100,000 such objects took 2.61 s of CPU against 1.35.
            try db.execute(sql: """
                CREATE TABLE object_manifests(id INTEGER PRIMARY KEY, manifest TEXT NOT NULL);
                CREATE TEMP TABLE long_manifests(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(bucket, key)) WITHOUT ROWID;
                INSERT INTO temp.long_manifests
                    SELECT bucket, key, row_number() OVER (ORDER BY bucket, key) FROM objects
                    WHERE length(CAST(manifest AS BLOB)) > \(Codecs.manifestLimit);
                INSERT INTO object_manifests(id, manifest)
                    SELECT l.id, o.manifest FROM temp.long_manifests l JOIN objects o ON o.bucket = l.bucket AND o.key = l.key ORDER BY l.id;
                CREATE TABLE objects_v14(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
                    last_modified INTEGER NOT NULL, attributes TEXT NOT NULL, checksums TEXT NOT NULL,
                    manifest TEXT NOT NULL, owner_id TEXT NOT NULL, owner_name TEXT NOT NULL, upload_id TEXT,
                    ufile_etag TEXT, content_id INTEGER, manifest_id INTEGER,
                    PRIMARY KEY(bucket, key)) WITHOUT ROWID;
                INSERT INTO objects_v14
                    SELECT o.bucket, o.key, o.size, o.etag, o.last_modified, o.attributes, o.checksums,
                           CASE WHEN l.id IS NULL THEN o.manifest ELSE '' END, o.owner_id, o.owner_name, o.upload_id,
                           o.ufile_etag, o.content_id, l.id
                    FROM objects o LEFT JOIN temp.long_manifests l ON l.bucket = o.bucket AND l.key = o.key
                    ORDER BY o.bucket, o.key;
                DROP TABLE temp.long_manifests;
                DROP TABLE objects;
                ALTER TABLE objects_v14 RENAME TO objects;
                """)
            // Dropping the old table dropped its triggers: v10's and v13's again, and the manifest's.
            try db.execute(sql: objectTotalsTriggers)
            try db.execute(sql: objectContentTrigger)
            try db.execute(sql: """
                CREATE TRIGGER objects_manifest_out AFTER DELETE ON objects WHEN OLD.manifest_id IS NOT NULL BEGIN
                    DELETE FROM object_manifests WHERE id = OLD.manifest_id;
                END;
                """)
        }
        m.registerMigration("v15-long-attributes-apart") { db in
            // Attributes longer than `Codecs.attributesLimit` (large user metadata, ACL grants)
            // of objects and uploads move to rowid tables of their own, for v14's reason: 100,000
            // objects with 1,800 bytes of user metadata took four times the CPU to list, and such
            // uploads' listing pages 1.6 times (docs/benchmarks.md, the nineteenth pass). Only the
            // rows that hold such attributes are rewritten, in place: nearly every database has
            // none or few, and copying the whole tables (as v14 did) would cost every one of them
            // its size in time and disk.
            try db.execute(sql: """
                CREATE TABLE object_attributes(id INTEGER PRIMARY KEY, attributes TEXT NOT NULL);
                ALTER TABLE objects ADD COLUMN attributes_id INTEGER;
                CREATE TEMP TABLE long_attributes(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(bucket, key)) WITHOUT ROWID;
                INSERT INTO temp.long_attributes
                    SELECT bucket, key, row_number() OVER (ORDER BY bucket, key) FROM objects
                    WHERE length(CAST(attributes AS BLOB)) > \(Codecs.attributesLimit);
                INSERT INTO object_attributes(id, attributes)
                    SELECT l.id, o.attributes FROM temp.long_attributes l JOIN objects o ON o.bucket = l.bucket AND o.key = l.key ORDER BY l.id;
                UPDATE objects SET attributes = '', attributes_id = l.id
                    FROM temp.long_attributes l WHERE l.bucket = objects.bucket AND l.key = objects.key;
                DROP TABLE temp.long_attributes;
                CREATE TRIGGER objects_attributes_out AFTER DELETE ON objects WHEN OLD.attributes_id IS NOT NULL BEGIN
                    DELETE FROM object_attributes WHERE id = OLD.attributes_id;
                END;
                CREATE TABLE upload_attributes(id INTEGER PRIMARY KEY, attributes TEXT NOT NULL);
                ALTER TABLE uploads ADD COLUMN attributes_id INTEGER;
                CREATE TEMP TABLE long_attributes(
                    bucket TEXT NOT NULL, key BLOB NOT NULL, upload_id TEXT NOT NULL, id INTEGER NOT NULL,
                    PRIMARY KEY(bucket, key, upload_id)) WITHOUT ROWID;
                INSERT INTO temp.long_attributes
                    SELECT bucket, key, upload_id, row_number() OVER (ORDER BY bucket, key, upload_id) FROM uploads
                    WHERE length(CAST(attributes AS BLOB)) > \(Codecs.attributesLimit);
                INSERT INTO upload_attributes(id, attributes)
                    SELECT l.id, u.attributes FROM temp.long_attributes l
                    JOIN uploads u ON u.bucket = l.bucket AND u.key = l.key AND u.upload_id = l.upload_id ORDER BY l.id;
                UPDATE uploads SET attributes = '', attributes_id = l.id
                    FROM temp.long_attributes l WHERE l.bucket = uploads.bucket AND l.key = uploads.key AND l.upload_id = uploads.upload_id;
                DROP TABLE temp.long_attributes;
                CREATE TRIGGER uploads_attributes_out AFTER DELETE ON uploads WHEN OLD.attributes_id IS NOT NULL BEGIN
                    DELETE FROM upload_attributes WHERE id = OLD.attributes_id;
                END;
                """)
        }
        registerInitiationInIDs(&m)
        registerBucketSettings(&m)
        registerActivityApart(&m)
        return m
    }
}
