import NIOCore
import PostgresNIO
public import TesseraCore

/// Uploads and parts: create, list, record parts, complete, abort. Each call that changes an
/// upload first locks its row, so UploadPart, Complete and Abort of one upload arriving through
/// different gateways take turns and the later ones see what the earlier did.
extension PostgresMetadataStore {
    /// One prepared statement, committed on its own (``WriteStatements/CreateUpload``).
    public func createUpload(_ u: Upload) async throws {
        try await retrying {
            try await session { s in try await Self.insert(s, u) }
        }
    }

    /// Records many uploads in one transaction (bulk set-up of benchmarks).
    public func createUploads(_ uploads: [Upload]) async throws {
        try await transaction { s in
            for u in uploads { try await Self.insert(s, u) }
        }
    }

    static func insert(_ s: Session, _ u: Upload) async throws {
        guard try await s.rows(WriteStatements.CreateUpload(upload: u)).count == 1 else { throw StorageError.noSuchBucket(u.bucket.value) }
    }

    public func upload(bucket: BucketName, id: UploadID) async throws -> Upload? {
        try await session { s in try await Self.upload(s, bucket, id, locking: false) }
    }

    /// The upload, its row locked until the transaction ends when `locking`.
    static func upload(_ s: Session, _ bucket: BucketName, _ id: UploadID, locking: Bool) async throws -> Upload? {
        try await s.rows("""
            SELECT \(unescaped: Rows.uploadColumns) FROM uploads WHERE bucket = \(bucket.value) AND upload_id = \(id.value)\(unescaped: locking ? " FOR UPDATE" : "")
            """).first.map { try Rows.upload($0) }
    }

    public func readUploadIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<Upload>) throws -> T) async throws -> T {
        try await snapshot { s in
            try await ReplayedReads.run(body) { range in try await RangeReads.uploads(s, bucket, range) }
        }
    }

    @discardableResult
    public func putPart(_ p: Part, bucket: BucketName) async throws -> Bool {
        try await transaction { s in
            guard try await s.execute("SELECT 1 FROM uploads WHERE bucket = \(bucket.value) AND upload_id = \(p.uploadID.value) FOR UPDATE") == 1 else {
                throw StorageError.noSuchUpload(p.uploadID.value)
            }
            var countDelta = 1
            var bytesDelta = p.size
            if let old = try await s.rows("SELECT blob, size FROM parts WHERE upload_id = \(p.uploadID.value) AND part_number = \(p.number.value)").first {
                let (blob, size) = try old.decode((String, Int64).self)
                try await Self.enqueueGarbage(s, [BlobID(blob)])
                countDelta = 0
                bytesDelta -= size
            }
            try await s.execute("""
                INSERT INTO parts(upload_id, part_number, size, etag, checksums, blob, last_modified)
                VALUES (\(p.uploadID.value), \(p.number.value), \(p.size), \(p.etag.description), \(StoredText.checksumsText(p.checksums)),
                        \(p.blob.value), \(p.lastModified.microseconds))
                ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                    checksums = excluded.checksums, blob = excluded.blob, last_modified = excluded.last_modified
                """)
            try await Self.withdrawIntents(s, [p.blob])
            try await s.execute("""
                UPDATE uploads SET part_count = part_count + \(countDelta), bytes = bytes + \(bytesDelta),
                    last_activity = GREATEST(last_activity, \(p.lastModified.microseconds))
                WHERE bucket = \(bucket.value) AND upload_id = \(p.uploadID.value)
                """)
            try await Self.adjustTotals(s, bucket, uploads: 0, parts: countDelta, bytes: bytesDelta)
            return countDelta == 0
        }
    }

    public func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part] {
        try await session { s in
            try await s.rows("""
                SELECT \(unescaped: Rows.partColumns) FROM parts WHERE upload_id = \(uploadID.value) AND part_number > \(after)
                ORDER BY part_number LIMIT \(limit)
                """).map(Rows.part)
        }
    }

    public func completeUpload(bucket: BucketName, id: UploadID, condition: WriteCondition,
                               build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try await transaction { s in
            try await Self.holdBucket(s, bucket)
            guard let upload = try await Self.upload(s, bucket, id, locking: true) else { throw StorageError.noSuchUpload(id.value) }
            let parts = try await s.rows("SELECT \(unescaped: Rows.partColumns) FROM parts WHERE upload_id = \(id.value) ORDER BY part_number")
                .map(Rows.part)
            let commit = try build(upload, parts)
            _ = try await Self.replaceObject(s, commit.object, condition: condition)
            let used = Set(commit.object.manifest.map(\.blob))
            try await Self.enqueueGarbage(s, parts.map(\.blob).filter { !used.contains($0) })
            try await s.execute("DELETE FROM parts WHERE upload_id = \(id.value)")
            try await s.execute("DELETE FROM uploads WHERE bucket = \(bucket.value) AND upload_id = \(id.value)")
            try await Self.adjustTotals(s, bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
            let r = commit.receipt
            try await s.execute("""
                INSERT INTO completions(bucket, upload_id, key, etag, parts_digest, size, completed)
                VALUES (\(r.bucket.value), \(r.uploadID.value), \(KeyBytea.of(r.key.value)), \(r.etag.description), \(r.partsDigest),
                        \(r.size), \(r.completed.microseconds))
                ON CONFLICT (bucket, upload_id) DO UPDATE SET key = excluded.key, etag = excluded.etag,
                    parts_digest = excluded.parts_digest, size = excluded.size, completed = excluded.completed
                """)
            return commit
        }
    }

    public func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt? {
        try await session { s in
            try await s.rows("""
                SELECT key, etag, parts_digest, size, completed FROM completions WHERE bucket = \(bucket.value) AND upload_id = \(id.value)
                """).first.map { row in
                let c = Columns(row)
                return CompletionReceipt(bucket: bucket, uploadID: id, key: ObjectKey(trusted: try c.key(0)), etag: StoredText.etag(try c[1]),
                                         partsDigest: try c[2], size: try c[3], completed: Timestamp(microseconds: try c[4]))
            }
        }
    }

    @discardableResult
    public func abortUpload(bucket: BucketName, id: UploadID) async throws -> Upload {
        try await transaction { s in
            guard let upload = try await Self.upload(s, bucket, id, locking: true) else { throw StorageError.noSuchUpload(id.value) }
            try await Self.delete(s, upload)
            return upload
        }
    }

    /// Deletes a locked upload and its parts, queues their blobs and adjusts the totals.
    static func delete(_ s: Session, _ upload: Upload) async throws {
        try await s.execute("""
            WITH gone AS (DELETE FROM parts WHERE upload_id = \(upload.id.value) RETURNING blob)
            INSERT INTO gc_queue(blob) SELECT blob FROM gone
            """)
        try await s.execute("DELETE FROM uploads WHERE bucket = \(upload.bucket.value) AND upload_id = \(upload.id.value)")
        try await adjustTotals(s, upload.bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
    }

    /// The last lock a write takes: every write of a bucket's uploads passes through this row.
    static func adjustTotals(_ s: Session, _ bucket: BucketName, uploads: Int, parts: Int, bytes: Int64) async throws {
        try await s.execute("""
            INSERT INTO upload_totals(bucket, uploads, parts, bytes) VALUES (\(bucket.value), \(uploads), \(parts), \(bytes))
            ON CONFLICT (bucket) DO UPDATE SET uploads = upload_totals.uploads + excluded.uploads,
                parts = upload_totals.parts + excluded.parts, bytes = upload_totals.bytes + excluded.bytes
            """)
    }
}
