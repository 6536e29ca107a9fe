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

    /// One step along a time index; the `INDEXED BY` clause makes SQLite refuse any plan that
    /// would not be a range scan of that index. By initiation, two indexes hold the order
    /// (``InitiationOrder``): each gives its first `limit` entries after the cursor, and the step
    /// takes the first `limit` of both.
    static func walk(_ db: StoreConnection, bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) throws -> AgeBatch {
        let read: [Upload]
        if criterion.basis == .initiation {
            let inIDs = try initiatedInTheirIDs(db, bucket: bucket, cutoff: criterion.cutoff, after: after, limit: limit)
            let apart = try walkIndex(db, "uploads_initiated_apart", column: "initiated", where: InitiationOrder.apart,
                                      bucket: bucket, cutoff: criterion.cutoff, after: after, limit: limit)
            // Nearly always nothing is apart, and the ids' own order is the walk's.
            read = apart.isEmpty ? inIDs : Array((inIDs + apart).sorted(by: initiationOrder).prefix(limit))
        } else {
            read = try walkIndex(db, "uploads_by_activity", column: "last_activity", where: nil,
                                 bucket: bucket, cutoff: criterion.cutoff, after: after, limit: limit)
        }
        let next = read.count == limit ? read.last.map { u in
            AgeCursor(time: criterion.basis == .initiation ? u.initiated : u.lastActivity, uploadID: u.id)
        } : nil
        return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
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
                                            limit: Int) throws -> [Upload] {
        guard cutoff.microseconds >= 0 else { return [] }
        var sql = "SELECT \(Codecs.uploadColumns) FROM uploads INDEXED BY uploads_by_id WHERE bucket = ? AND upload_id >= ?"
        var args: [any DatabaseValueConvertible] = [bucket.value, InitiationOrder.prefix(max(0, after?.time.microseconds ?? 0))]
        if cutoff.microseconds < .max {
            sql += " AND upload_id < ?"
            args.append(InitiationOrder.prefix(cutoff.microseconds + 1))
        }
        sql += " AND initiated <= ? AND NOT \(InitiationOrder.apart)"
        args.append(cutoff.microseconds)
        if let after {
            sql += " AND (initiated, upload_id) > (?, ?)"
            args += [after.time.microseconds, StoredUploadID(after.uploadID).databaseValue]
        }
        sql += " ORDER BY upload_id LIMIT ?"
        args.append(limit)
        return try Codecs.uploads(db.cachedStatement(sql: sql), StatementArguments(args))
    }

    /// SQLite's order of (initiated, upload_id): a TEXT id before a BLOB one; among either, the
    /// wire form's UTF-8 order (a generated id's bytes order as its lower-case hex digits do).
    private static func initiationOrder(_ a: Upload, _ b: Upload) -> Bool {
        if a.initiated != b.initiated { return a.initiated < b.initiated }
        let (x, y) = (StoredUploadID(a.id).isGenerated, StoredUploadID(b.id).isGenerated)
        if x != y { return !x }
        return a.id < b.id
    }
}
