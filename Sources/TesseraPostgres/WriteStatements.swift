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

extension Session {
    /// The rows of a prepared statement.
    func rows<S: PostgresPreparedStatement>(_ statement: S) async throws -> [S.Row] {
        try await connection.execute(statement, logger: logger).reduce(into: []) { $0.append($1) }
    }
}
