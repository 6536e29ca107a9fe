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
                       (SELECT MIN(initiated) FROM uploads INDEXED BY uploads_by_initiated WHERE uploads.bucket = t.bucket) AS oldest
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
        try await pool.read { db in try Self.walk(db, bucket: bucket, criterion: criterion, after: after, limit: limit) }
    }

    public func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await writes.write { db in
            let batch = try Self.walk(db, bucket: bucket, criterion: criterion, after: after, limit: limit)
            for upload in batch.uploads { try Self.delete(db, upload) }
            return batch
        }
    }

    /// One step along a time index; the `INDEXED BY` clause makes SQLite refuse any plan that
    /// would not be a range scan of that index.
    static func walk(_ db: Database, bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) throws -> AgeBatch {
        let (column, index) = criterion.basis == .initiation ? ("initiated", "uploads_by_initiated") : ("last_activity", "uploads_by_activity")
        var sql = "SELECT \(Codecs.uploadColumns) FROM uploads INDEXED BY \(index) WHERE bucket = ? AND \(column) <= ?"
        var args: [any DatabaseValueConvertible] = [bucket.value, criterion.cutoff.microseconds]
        if let after {
            sql += " AND (\(column), upload_id) > (?, ?)"
            args += [after.time.microseconds, StoredUploadID(after.uploadID).databaseValue]
        }
        sql += " ORDER BY \(column), upload_id LIMIT ?"
        args.append(limit)
        let read = try Codecs.uploads(db.cachedStatement(sql: sql), StatementArguments(args))
        let next = read.count == limit ? read.last.map { u in
            AgeCursor(time: criterion.basis == .initiation ? u.initiated : u.lastActivity, uploadID: u.id)
        } : nil
        return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
    }
}
