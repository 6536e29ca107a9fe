import Foundation
import GRDB
public import TesseraCore

/// Per-bucket totals, the reaper's time-index walks and the blob garbage queue.
extension SQLiteMetadataStore {
    // MARK: Accounting and expiry

    public func uploadTotals() async throws -> [UploadTotals] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT bucket, uploads, parts, bytes,
                       (SELECT MIN(initiated) FROM (
                           SELECT initiated FROM (
                               SELECT initiated FROM uploads INDEXED BY uploads_by_id
                               WHERE uploads.bucket = t.bucket AND upload_id >= x'' AND NOT \(InitiationOrder.apart)
                               ORDER BY upload_id LIMIT 1)
                           UNION ALL
                           SELECT MIN(initiated) FROM uploads INDEXED BY uploads_initiated_apart
                           WHERE uploads.bucket = t.bucket AND \(InitiationOrder.apart))) AS oldest
                FROM upload_totals t ORDER BY bucket
                """).map { row in
                UploadTotals(bucket: BucketName(trusted: row["bucket"]), uploads: row["uploads"], parts: row["parts"], bytes: row["bytes"],
                             oldestInitiated: (row["oldest"] as Int64?).map(Timestamp.init(microseconds:)))
            }
        }
    }

    public func objectTotals() async throws -> [ObjectTotals] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT bucket, objects, bytes FROM object_totals ORDER BY bucket").map { row in
                ObjectTotals(bucket: BucketName(trusted: row["bucket"]), objects: row["objects"], bytes: row["bytes"])
            }
        }
    }

    public func uploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await pool.read { db in try Self.walk(StoreConnection(db), bucket: bucket, criterion: criterion, after: after, limit: limit) }
    }

    public func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await writes.write { db in
            let batch = try Self.walk(db, bucket: bucket, criterion: criterion, after: after, limit: limit)
            for upload in batch.uploads { try Self.delete(db, upload) }
            return batch
        }
    }

    /// One step along the uploads in the order of a time; the `INDEXED BY` clauses make SQLite
    /// refuse any plan that would not be a range scan of the index named. By initiation, two
    /// indexes hold the order (``InitiationOrder``); by activity, those two for the rows whose
    /// activity is their initiation and a third for the others (``ActivityOrder``). Each gives
    /// its first `limit` entries after the cursor, and the step takes the first `limit` of all.
    static func walk(_ db: StoreConnection, bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) throws -> AgeBatch {
        let read: [Upload]
        if criterion.basis == .initiation {
            read = try byInitiation(db, bucket: bucket, cutoff: criterion.cutoff, after: after, limit: limit, where: nil)
        } else {
            let active = try walkIndex(db, "uploads_active_apart", column: "last_activity", where: ActivityOrder.apart,
                                       bucket: bucket, cutoff: criterion.cutoff, after: after, limit: limit)
            // The other rows are read along the ids, skipping those active later. When the active
            // ones fill the step, no row after the last of them can be in it: reading only up to
            // its time keeps each step's reads within the step's own stretch of time, so a row
            // skipped there is read in a step or two, not in every step (uploads initiated long
            // ago and active since would otherwise be read again at each step to the cutoff).
            let bound = active.count == limit ? min(criterion.cutoff, active[limit - 1].lastActivity) : criterion.cutoff
            let initiated = try byInitiation(db, bucket: bucket, cutoff: bound, after: after, limit: limit,
                                             where: ActivityOrder.initiationIsActivity)
            read = merged(initiated, active, limit: limit, time: \.lastActivity)
        }
        let next = read.count == limit ? read.last.map { u in
            AgeCursor(time: criterion.basis == .initiation ? u.initiated : u.lastActivity, uploadID: u.id)
        } : nil
        return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
    }

    /// Up to `limit` uploads in (initiated, upload_id) order from the cursor on, up to `cutoff`,
    /// of those that also meet `condition`: the merge of `uploads_by_id` and the partial index.
    private static func byInitiation(_ db: StoreConnection, bucket: BucketName, cutoff: Timestamp, after: AgeCursor?, limit: Int,
                                     where condition: String?) throws -> [Upload] {
        let inIDs = try initiatedInTheirIDs(db, bucket: bucket, cutoff: cutoff, after: after, limit: limit, where: condition)
        let apart = try walkIndex(db, "uploads_initiated_apart", column: "initiated",
                                  where: InitiationOrder.apart + (condition.map { " AND \($0)" } ?? ""),
                                  bucket: bucket, cutoff: cutoff, after: after, limit: limit)
        return merged(inIDs, apart, limit: limit, time: \.initiated)
    }

    /// The first `limit` of two runs each in (`time`, upload_id) order, in that order.
    private static func merged(_ a: [Upload], _ b: [Upload], limit: Int, time: KeyPath<Upload, Timestamp>) -> [Upload] {
        // Often one run is empty (by initiation nearly always: nothing apart), and the other is the step.
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        return Array((a + b).sorted { x, y in storeOrder(x, y, time: time) }.prefix(limit))
    }

    /// Up to `limit` uploads in (`column`, upload_id) order along `index`, from the cursor on, up
    /// to `cutoff`; `condition` is a partial index's own.
    private static func walkIndex(_ db: StoreConnection, _ index: String, column: String, where condition: String?, bucket: BucketName,
                                  cutoff: Timestamp, after: AgeCursor?, limit: Int) throws -> [Upload] {
        var sql = "SELECT \(Codecs.uploadColumns) FROM uploads INDEXED BY \(index) WHERE bucket = ? AND \(column) <= ?"
        var args: [any DatabaseValueConvertible] = [bucket.value, cutoff.microseconds]
        if let condition { sql += " AND \(condition)" }
        if let after {
            sql += " AND (\(column), upload_id) > (?, ?)"
            args += [after.time.microseconds, StoredUploadID(after.uploadID).databaseValue]
        }
        sql += " ORDER BY \(column), upload_id LIMIT ?"
        args.append(limit)
        return try Codecs.uploads(db.cachedStatement(sql: sql), StatementArguments(args))
    }

    /// Up to `limit` uploads whose ids tell their initiation, in that order along `uploads_by_id`,
    /// from the cursor on, up to `cutoff`: the ids from the cursor's time's prefix to the prefix
    /// after the cutoff's.
    private static func initiatedInTheirIDs(_ db: StoreConnection, bucket: BucketName, cutoff: Timestamp, after: AgeCursor?,
                                            limit: Int, where condition: String?) throws -> [Upload] {
        guard cutoff.microseconds >= 0 else { return [] }
        var sql = "SELECT \(Codecs.uploadColumns) FROM uploads INDEXED BY uploads_by_id WHERE bucket = ? AND upload_id >= ?"
        var args: [any DatabaseValueConvertible] = [bucket.value, InitiationOrder.prefix(max(0, after?.time.microseconds ?? 0))]
        if cutoff.microseconds < .max {
            sql += " AND upload_id < ?"
            args.append(InitiationOrder.prefix(cutoff.microseconds + 1))
        }
        sql += " AND initiated <= ? AND NOT \(InitiationOrder.apart)"
        args.append(cutoff.microseconds)
        if let condition { sql += " AND \(condition)" }
        if let after {
            sql += " AND (initiated, upload_id) > (?, ?)"
            args += [after.time.microseconds, StoredUploadID(after.uploadID).databaseValue]
        }
        sql += " ORDER BY upload_id LIMIT ?"
        args.append(limit)
        return try Codecs.uploads(db.cachedStatement(sql: sql), StatementArguments(args))
    }

    /// SQLite's order of (`time`, upload_id): a TEXT id before a BLOB one; among either, the
    /// wire form's UTF-8 order (a generated id's bytes order as its lower-case hex digits do).
    private static func storeOrder(_ a: Upload, _ b: Upload, time: KeyPath<Upload, Timestamp>) -> Bool {
        if a[keyPath: time] != b[keyPath: time] { return a[keyPath: time] < b[keyPath: time] }
        let (x, y) = (StoredUploadID(a.id).isGenerated, StoredUploadID(b.id).isGenerated)
        if x != y { return !x }
        return a.id < b.id
    }
}
