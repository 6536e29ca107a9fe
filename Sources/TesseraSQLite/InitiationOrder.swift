import Foundation
import GRDB
import TesseraCore

/// Where the SQLite store finds uploads in the order of their initiation (migration v16).
///
/// A generated upload id begins with its initiation time, in microseconds, as 8 big-endian bytes
/// (``UploadID/generate(at:)``), and is stored as its 16 bytes (``StoredUploadID``). For such a
/// row the order of `uploads_by_id` (bucket, upload_id) is the order of (initiated, upload_id),
/// so a third index of the same rows in that order stored each upload twice: 69.5 of its 311
/// bytes at 1,000,000 uploads, and one of the five B-tree inserts of every initiate
/// (docs/benchmarks.md, the twenty-sixth pass). Only the rows whose id does not tell their time
/// keep an index by initiation, `uploads_initiated_apart`, a partial one: ids not generated
/// (TEXT), a time that is not the id's, or a time before 1970 (whose bytes would not order).
/// A walk by initiation merges the two.
enum InitiationOrder {
    /// The rows whose id does not tell their initiation time: the partial index's condition,
    /// repeated verbatim in every query that reads that index (SQLite uses a partial index only
    /// for a query whose terms imply its condition).
    static let apart = """
        (typeof(upload_id) <> 'blob' OR length(upload_id) <> 16 OR initiated < 0 \
        OR substr(hex(upload_id), 1, 16) <> printf('%016X', initiated))
        """

    /// The first 8 bytes of the ids generated at `microseconds` (not negative).
    static func prefix(_ microseconds: Int64) -> Data {
        Data(UploadID.timeBytes(Timestamp(microseconds: microseconds)))
    }
}

extension Schema {
    /// v16: `uploads_by_initiated` gives way to `uploads_initiated_apart` (``InitiationOrder``).
    static func registerInitiationInIDs(_ m: inout DatabaseMigrator) {
        m.registerMigration("v16-initiation-in-ids") { db in
            try db.execute(sql: """
                DROP INDEX uploads_by_initiated;
                CREATE INDEX uploads_initiated_apart ON uploads(bucket, initiated, upload_id) WHERE \(InitiationOrder.apart);
                """)
        }
    }
}
