import NIOCore
import PostgresNIO
import TesseraCore

/// Writes on the request path as single prepared statements: one round trip, parsed and
/// planned once per connection, committed on their own, instead of BEGIN, three statements and
/// COMMIT (five round trips, each parsed and planned).
enum WriteStatements {
    /// Records an upload if its bucket exists (held FOR SHARE against a concurrent delete, as every
    /// write holds it) and counts it in the bucket's totals; returns one row, or none when the
    /// bucket is gone. Data-modifying CTEs: one statement, one snapshot, atomic.
    struct CreateUpload: PostgresPreparedStatement {
        static let sql = """
            WITH b AS (SELECT name FROM buckets WHERE name = $1 FOR SHARE),
            u AS (INSERT INTO uploads(bucket, key, upload_id, initiated, last_activity, owner_id, owner_name, initiator_id,
                                      initiator_name, dialect, checksum_algorithm, block_size, attributes, part_count, bytes,
                                      checksum_type, storage_class)
                  SELECT name, $2::bytea, $3::text, $4::bigint, $5::bigint, $6::text, $7::text, $8::text, $9::text, $10::text,
                         $11::text, $12::bigint, $13::text, $14::integer, $15::bigint, $16::text, $17::text FROM b
                  RETURNING bucket)
            INSERT INTO upload_totals(bucket, uploads, parts, bytes) SELECT bucket, 1, $18::bigint, $19::bigint FROM u
            ON CONFLICT (bucket) DO UPDATE SET uploads = upload_totals.uploads + 1, parts = upload_totals.parts + excluded.parts,
                bytes = upload_totals.bytes + excluded.bytes
            RETURNING 1
            """
        typealias Row = Int

        var upload: Upload

        func makeBindings() throws -> PostgresBindings {
            let u = upload
            var b = PostgresBindings(capacity: 19)
            b.append(u.bucket.value)
            b.append(KeyBytea.of(u.key.value))
            b.append(u.id.value)
            b.append(u.initiated.microseconds)
            b.append(u.lastActivity.microseconds)
            b.append(u.owner.id)
            b.append(u.owner.displayName)
            b.append(u.initiator.id)
            b.append(u.initiator.displayName)
            b.append(u.dialect.rawValue)
            b.append(u.checksumAlgorithm?.rawValue)
            b.append(u.blockSize)
            b.append(AttributesCodec.encode(u.attributes))
            b.append(u.partCount)
            b.append(u.bytes)
            b.append(u.checksumType?.rawValue)
            b.append(u.attributes.storageClass)
            b.append(Int64(u.partCount))
            b.append(u.bytes)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
    }
}

extension WriteStatements {
    /// Writes an object under a key that holds none, if its bucket exists (held FOR SHARE), and
    /// withdraws the announcements of its blobs; returns (bucket found, object inserted). A key
    /// that already holds an object inserts nothing: replacing one reads the old manifest after
    /// locking its row, in a transaction (``PostgresMetadataStore/replaceObject(_:_:condition:)``).
    struct InsertObject: PostgresPreparedStatement {
        static let sql = """
            WITH b AS (SELECT name FROM buckets WHERE name = $1 FOR SHARE),
            ins AS (INSERT INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                        upload_id, ufile_etag, content)
                    SELECT name, $2::bytea, $3::bigint, $4::text, $5::bigint, $6::text, $7::text, $8::text, $9::text, $10::text,
                           $11::text, $12::text, $13::bytea FROM b
                    ON CONFLICT (bucket, key) DO NOTHING RETURNING 1),
            withdrawn AS (DELETE FROM blob_intents WHERE blob = ANY($14::text[]) AND EXISTS (SELECT 1 FROM ins))
            SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM ins)
            """
        typealias Row = (bucket: Int, inserted: Int)

        var object: ObjectRecord

        func makeBindings() throws -> PostgresBindings {
            let o = object
            var b = PostgresBindings(capacity: 14)
            b.append(o.bucket.value)
            b.append(KeyBytea.of(o.key.value))
            b.append(o.size)
            b.append(o.etag.description)
            b.append(o.lastModified.microseconds)
            b.append(AttributesCodec.encode(o.attributes))
            b.append(StoredText.checksumsText(o.checksums))
            b.append(StoredText.manifestText(o.manifest))
            b.append(o.owner.id)
            b.append(o.owner.displayName)
            b.append(o.uploadID?.value)
            b.append(o.ufileETag)
            b.append(o.inlineContent.map { ByteBuffer(bytes: $0) })
            b.append(o.manifest.map(\.blob.value))
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> (bucket: Int, inserted: Int) {
            let (bucket, inserted) = try row.decode((Int, Int).self)
            return (bucket, inserted)
        }
    }
}

extension Session {
    /// The rows of a prepared statement.
    func rows<S: PostgresPreparedStatement>(_ statement: S) async throws -> [S.Row] {
        try await connection.execute(statement, logger: logger).reduce(into: []) { $0.append($1) }
    }
}
