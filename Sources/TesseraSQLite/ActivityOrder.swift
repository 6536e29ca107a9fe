import GRDB

/// Where the SQLite store finds uploads in the order of their last activity (migration v17).
///
/// An upload's last activity is its initiation until a part arrives later than it
/// (``TesseraCore/CreateMultipartUpload``, and `last_activity = MAX(last_activity, ?)` at each
/// part). For such a row the order of (last_activity, upload_id) is the order of (initiated,
/// upload_id), which the store already holds (``InitiationOrder``: `uploads_by_id` for the ids
/// that tell their time, `uploads_initiated_apart` for the others). The full index by activity
/// stored every upload once more, 69.5 of its 245 bytes at 1,000,000 uploads, and its insert was
/// one of an initiate's four B-tree inserts (docs/benchmarks.md, the thirty-sixth pass). Only
/// the rows whose activity is not their initiation keep an index by activity,
/// `uploads_active_apart`, a partial one. A walk by activity merges it with the walk by initiation
/// of the other rows.
enum ActivityOrder {
    /// The rows whose last activity is not their initiation: the partial index's condition,
    /// repeated verbatim in every query that reads that index (SQLite uses a partial index only
    /// for a query whose terms imply its condition).
    static let apart = "last_activity <> initiated"

    /// The rows that the partial index leaves out, whose activity order is their initiation
    /// order: made from ``apart``, so that the two always split the rows between them.
    static let initiationIsActivity = "NOT (\(apart))"
}

extension Schema {
    /// v17: `uploads_by_activity` gives way to `uploads_active_apart` (``ActivityOrder``).
    static func registerActivityApart(_ m: inout DatabaseMigrator) {
        m.registerMigration("v17-activity-apart") { db in
            try db.execute(sql: """
                DROP INDEX uploads_by_activity;
                CREATE INDEX uploads_active_apart ON uploads(bucket, last_activity, upload_id) WHERE \(ActivityOrder.apart);
                """)
        }
    }
}
