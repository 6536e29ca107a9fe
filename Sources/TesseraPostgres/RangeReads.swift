import NIOCore
import PostgresNIO
import TesseraCore

/// The listing reads as prepared statements: one SQL shape per index, every range expressed as
/// bounds, so PostgreSQL parses and plans each once per connection. A range read took 75 µs
/// prepared against 184 µs as an unnamed statement (pgbench -M prepared / extended, the same
/// query over 100,001 uploads, this machine). A delimited read (``IndexRange/delimiter``) seeks
/// past rolled-up prefixes inside the statement (``UploadsSkipping``, ``ObjectsSkipping``).
enum RangeReads {
    /// The entries of `range` of a bucket's upload index, skipping when it carries a delimiter.
    static func uploads(_ s: Session, _ bucket: BucketName, _ range: IndexRange) async throws -> [Upload] {
        let plain = Uploads(bucket: bucket, range)
        guard let delimiter = range.delimiter else { return try await s.rows(plain) }
        return try await s.rows(UploadsSkipping(range: plain, delimiter: delimiter, prefixLength: range.prefix.count))
    }

    /// The entries of `range` of a bucket's object index, skipping when it carries a delimiter;
    /// with their manifests when `manifests`.
    static func objects(_ s: Session, _ bucket: BucketName, _ range: IndexRange, manifests: Bool) async throws -> [ObjectRecord] {
        let plain = Objects(bucket: bucket, range, manifests: manifests)
        guard let delimiter = range.delimiter else { return try await s.rows(plain) }
        return try await s.rows(ObjectsSkipping(range: plain, delimiter: delimiter, prefixLength: range.prefix.count))
    }

    /// Upload-index entries after (`key`, `id`) — which, as ids are never empty, with `id` empty
    /// means keys at or past `key` — below `upper`, in (key, upload id) order.
    struct Uploads: PostgresPreparedStatement {
        static let sql = """
            SELECT \(Rows.listedUploadColumns) FROM uploads WHERE bucket = $1 AND (key, upload_id) > ($2, $3) AND key < $4
            ORDER BY key, upload_id LIMIT $5
            """
        typealias Row = Upload

        var bucket: String
        var lower: (key: [UInt8], id: String)
        var upper: [UInt8]
        var limit: Int

        init(bucket: BucketName, _ range: IndexRange) {
            self.bucket = bucket.value
            var lower: (key: [UInt8], id: String) = (range.prefix, "")
            let position: (key: [UInt8], id: String) = switch range.position {
            case .start: ([], "")
            case .keyAtLeast(let b): (b, "")
            case .keyAfter(let b): (b + [0], "")
            case .after(let k, let i): (k, i)
            }
            if lower.key.lexicographicallyPrecedes(position.key) || (lower.key == position.key && lower.id < position.id) { lower = position }
            self.lower = lower
            upper = RangeReads.upper(range.prefix)
            limit = range.limit
        }

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 5)
            b.append(bucket)
            b.append(KeyBytea.of(lower.key))
            b.append(lower.id)
            b.append(KeyBytea.of(upper))
            b.append(limit)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> Upload { try Rows.upload(row, listed: true) }
    }

    /// Object-index entries with keys in [`lower`, `upper`), in key order, without inline content.
    struct Objects: PostgresPreparedStatement {
        static let sql = """
            SELECT \(Rows.objectColumns) FROM objects WHERE bucket = $1 AND key >= $2 AND key < $3 ORDER BY key LIMIT $4
            """
        typealias Row = ObjectRecord

        var bucket: String
        var lower: [UInt8]
        var upper: [UInt8]
        var limit: Int
        /// Whether the rows' manifests are decoded (not bound: the SQL reads them either way).
        var manifests: Bool

        init(bucket: BucketName, _ range: IndexRange, manifests: Bool) {
            self.bucket = bucket.value
            self.manifests = manifests
            let position: [UInt8] = switch range.position {
            case .start: []
            case .keyAtLeast(let b): b
            case .keyAfter(let b), .after(let b, _): b + [0]
            }
            lower = range.prefix.lexicographicallyPrecedes(position) ? position : range.prefix
            upper = RangeReads.upper(range.prefix)
            limit = range.limit
        }

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 4)
            b.append(bucket)
            b.append(KeyBytea.of(lower))
            b.append(KeyBytea.of(upper))
            b.append(limit)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> ObjectRecord { try Rows.object(row, withContent: false, manifest: manifests) }
    }

    /// The next key to read from after `walk.key` in a skipping read (SQL): when the key holds
    /// the delimiter (`$6`) past the prefix (`$5` bytes), the successor of that common prefix
    /// (its last byte, the delimiter's, plus one: UTF-8 has no 0xFF byte), else the key itself.
    private static func skipKey(delimiter: String, prefixLength: String) -> (key: String, rolledUp: String) {
        let end = "\(prefixLength) + d.p - 2 + length(\(delimiter))"  // 0-based index of the common prefix's last byte
        let key = "CASE WHEN d.p > 0 THEN set_byte(substring(w.key FROM 1 FOR \(end) + 1), \(end), get_byte(w.key, \(end)) + 1) ELSE w.key END"
        return (key, "d.p > 0")
    }

    /// The position column `d.p`: where the delimiter occurs in `w.key` past the prefix (0: not).
    private static let delimiterPosition = "CROSS JOIN LATERAL (SELECT position($6::bytea IN substring(w.key FROM $5::integer + 1)) AS p) d"

    /// ``Uploads`` that seeks past each rolled-up prefix inside the one statement (a recursive
    /// walk, one index descent per entry returned), for a delimited listing: a page of 100
    /// prefixes is one round trip instead of one per prefix.
    struct UploadsSkipping: PostgresPreparedStatement {
        static let sql: String = {
            let next = skipKey(delimiter: "$6::bytea", prefixLength: "$5::integer")
            return """
                WITH RECURSIVE walk AS (
                    (SELECT \(Rows.listedUploadColumns) FROM uploads
                     WHERE bucket = $1 AND (key, upload_id) > ($2, $3) AND key < $4 ORDER BY key, upload_id LIMIT 1)
                    UNION ALL
                    (SELECT n.* FROM walk w \(delimiterPosition)
                     CROSS JOIN LATERAL (
                        SELECT \(Rows.listedUploadColumns) FROM uploads
                        WHERE bucket = $1 AND key < $4
                          AND (key, upload_id) > (\(next.key), CASE WHEN \(next.rolledUp) THEN ''::text ELSE w.upload_id END)
                        ORDER BY key, upload_id LIMIT 1) n)
                )
                SELECT * FROM walk LIMIT $7
                """
        }()
        typealias Row = Upload

        var range: Uploads
        var delimiter: [UInt8]
        var prefixLength: Int

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 7)
            b.append(range.bucket)
            b.append(KeyBytea.of(range.lower.key))
            b.append(range.lower.id)
            b.append(KeyBytea.of(range.upper))
            b.append(prefixLength)
            b.append(KeyBytea.of(delimiter))
            b.append(range.limit)
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> Upload { try Rows.upload(row, listed: true) }
    }

    /// ``Objects`` that seeks past each rolled-up prefix inside the one statement.
    struct ObjectsSkipping: PostgresPreparedStatement {
        static let sql: String = {
            let next = skipKey(delimiter: "$6::bytea", prefixLength: "$5::integer")
            return """
                WITH RECURSIVE walk AS (
                    (SELECT \(Rows.objectColumns) FROM objects WHERE bucket = $1 AND key >= $2 AND key < $3 ORDER BY key LIMIT 1)
                    UNION ALL
                    (SELECT n.* FROM walk w \(delimiterPosition)
                     CROSS JOIN LATERAL (
                        SELECT \(Rows.objectColumns) FROM objects
                        WHERE bucket = $1 AND key < $3 AND (key > w.key AND key >= \(next.key))
                        ORDER BY key LIMIT 1) n)
                )
                SELECT * FROM walk LIMIT $4
                """
        }()
        typealias Row = ObjectRecord

        var range: Objects
        var delimiter: [UInt8]
        var prefixLength: Int

        func makeBindings() throws -> PostgresBindings {
            var b = try range.makeBindings()
            b.append(prefixLength)
            b.append(KeyBytea.of(delimiter))
            return b
        }

        func decodeRow(_ row: PostgresRow) throws -> ObjectRecord { try Rows.object(row, withContent: false, manifest: range.manifests) }
    }

    /// Just past every key starting with `prefix`; for no prefix, 0xFF, which no UTF-8 key reaches.
    static func upper(_ prefix: [UInt8]) -> [UInt8] { KeyBytes.successor(of: prefix) ?? [0xFF] }
}
