import NIOCore
import PostgresNIO
public import TesseraCore

/// What background work reads and changes: per-bucket totals, the reapers' time-index walks, the
/// blob deletion queue, the announcements of blobs being written, and the inventory.
extension PostgresMetadataStore {
    public func uploadTotals() async throws -> [UploadTotals] {
        try await session { s in
            try await s.rows("""
                SELECT bucket, uploads, parts, bytes, (SELECT MIN(initiated) FROM uploads WHERE uploads.bucket = t.bucket)
                FROM upload_totals t ORDER BY bucket
                """).map { row in
                let c = Columns(row)
                return UploadTotals(bucket: BucketName(trusted: try c[0]), uploads: try c[1], parts: try c[2], bytes: try c[3],
                                    oldestInitiated: (try c[4, as: Int64?.self]).map(Timestamp.init(microseconds:)))
            }
        }
    }

    public func objectTotals() async throws -> [ObjectTotals] {
        try await session { s in
            try await s.rows("SELECT bucket, sum(objects)::bigint, sum(bytes)::bigint FROM object_totals GROUP BY bucket ORDER BY bucket").map { row in
                let c = Columns(row)
                return ObjectTotals(bucket: BucketName(trusted: try c[0]), objects: Int(try c[1, as: Int64.self]), bytes: try c[2])
            }
        }
    }

    public func uploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await session { s in try await Self.walk(s, bucket: bucket, criterion: criterion, after: after, limit: limit, claiming: false) }
    }

    /// Reapers on several gateways share the walk: rows another transaction holds are skipped
    /// (`FOR UPDATE SKIP LOCKED`), so no upload is aborted twice and none waits on a reaper.
    public func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch {
        try await transaction { s in
            let batch = try await Self.walk(s, bucket: bucket, criterion: criterion, after: after, limit: limit, claiming: true)
            for upload in batch.uploads { try await Self.delete(s, upload) }
            return batch
        }
    }

    /// One step along a time index: `(bucket, time, upload id)` from just past `after`.
    static func walk(_ s: Session, bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int,
                     claiming: Bool) async throws -> AgeBatch {
        let column = criterion.basis == .initiation ? "initiated" : "last_activity"
        var binds = PostgresBindings()
        binds.append(bucket.value)
        binds.append(criterion.cutoff.microseconds)
        var sql = "SELECT \(Rows.uploadColumns) FROM uploads WHERE bucket = $1 AND \(column) <= $2"
        if let after {
            binds.append(after.time.microseconds)
            binds.append(after.uploadID.value)
            sql += " AND (\(column), upload_id) > ($3, $4)"
        }
        binds.append(limit)
        sql += " ORDER BY \(column), upload_id LIMIT $\(binds.count)"
        if claiming { sql += " FOR UPDATE SKIP LOCKED" }
        let read = try await s.rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try Rows.upload($0) }
        let next = read.count == limit ? read.last.map { u in
            AgeCursor(time: criterion.basis == .initiation ? u.initiated : u.lastActivity, uploadID: u.id)
        } : nil
        return AgeBatch(uploads: read.filter(criterion.selects), visited: read.count, next: next)
    }

    // MARK: The deletion queue

    public func pendingGarbage(limit: Int) async throws -> [GarbageEntry] {
        try await session { s in
            try await s.rows("SELECT sequence, blob FROM gc_queue ORDER BY sequence LIMIT \(limit)").map { row in
                let (sequence, blob) = try row.decode((Int64, String).self)
                return GarbageEntry(sequence: sequence, blob: BlobID(blob))
            }
        }
    }

    /// Leases entries to this gateway (skipping those another is leasing right now):
    /// each deletion is done by one gateway, and one that dies mid-batch leaves its entries to be
    /// leased again when the lease ends.
    public func claimGarbage(limit: Int) async throws -> [GarbageEntry] {
        try await transaction { s in
            try await s.rows("""
                WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS t),
                free AS (SELECT sequence FROM gc_queue, now WHERE leased_until IS NULL OR leased_until < now.t
                         ORDER BY sequence LIMIT \(limit) FOR UPDATE OF gc_queue SKIP LOCKED)
                UPDATE gc_queue SET leased_until = (SELECT t FROM now) + \(garbageLease)
                WHERE sequence IN (SELECT sequence FROM free) RETURNING sequence, blob
                """).map { row in
                let (sequence, blob) = try row.decode((Int64, String).self)
                return GarbageEntry(sequence: sequence, blob: BlobID(blob))
            }.sorted { $0.sequence < $1.sequence }
        }
    }

    public func removeGarbage(_ sequences: [Int64]) async throws {
        guard !sequences.isEmpty else { return }
        try await transaction { s in try await s.execute("DELETE FROM gc_queue WHERE sequence = ANY(\(sequences))") }
    }

    public func queueGarbage(_ blobs: [BlobID]) async throws {
        try await transaction { s in try await Self.enqueueGarbage(s, blobs) }
    }

    // MARK: Announcements

    public func recordBlobIntents(_ blobs: [BlobID]) async throws {
        let now = SystemClock().now().microseconds  // for ordering only
        try await transaction { s in
            try await s.execute("""
                INSERT INTO blob_intents(blob, gateway, created) SELECT unnest(\(blobs.map(\.value))::text[]), \(gateway), \(now)
                ON CONFLICT (blob) DO NOTHING
                """)
        }
    }

    public func forgetBlobIntents(_ blobs: [BlobID]) async throws {
        try await transaction { s in try await Self.withdrawIntents(s, blobs) }
    }

    /// Reclaims this gateway's announcements only: others' belong to live writers.
    public func reclaimBlobIntents() async throws -> Int {
        try await reclaimBlobIntents(ofGateway: gateway)
    }

    /// Queues the blobs a gateway announced and forgets the announcements — only for a gateway
    /// that is provably gone (its writer directory's lock is free; see `Storage`).
    public func reclaimBlobIntents(ofGateway name: String) async throws -> Int {
        try await transaction { s in
            try await s.execute("""
                WITH gone AS (DELETE FROM blob_intents WHERE gateway = \(name) RETURNING blob, created)
                INSERT INTO gc_queue(blob) SELECT blob FROM gone ORDER BY created
                """)
        }
    }

    static func withdrawIntents(_ s: Session, _ blobs: [BlobID]) async throws {
        guard !blobs.isEmpty else { return }
        try await s.execute("DELETE FROM blob_intents WHERE blob = ANY(\(blobs.map(\.value)))")
    }

    public func blobInventory() async throws -> BlobInventory {
        try await snapshot { s in
            var references: [BlobReference] = []
            for row in try await s.rows("SELECT bucket, key, etag, manifest FROM objects WHERE manifest <> ''") {
                let c = Columns(row)
                references.append(BlobReference(holder: .object(BucketName(trusted: try c[0]), ObjectKey(trusted: try c.key(1))),
                                                etag: StoredText.etag(try c[2]), segments: StoredText.manifest(try c[3])))
            }
            for row in try await s.rows("SELECT upload_id, part_number, etag, blob, size FROM parts") {
                let (upload, number, etag, blob, size) = try row.decode((String, Int, String, String, Int64).self)
                references.append(BlobReference(holder: .part(UploadID(upload), PartNumber(trusted: number)), etag: StoredText.etag(etag),
                                                segments: [Segment(blob: BlobID(blob), size: size)]))
            }
            let intents = Set(try await s.rows("SELECT blob FROM blob_intents").map { BlobID(try $0.decode(String.self)) })
            let garbage = try await s.rows("SELECT sequence, blob FROM gc_queue ORDER BY sequence").map { row in
                let (sequence, blob) = try row.decode((Int64, String).self)
                return GarbageEntry(sequence: sequence, blob: BlobID(blob))
            }
            return BlobInventory(references: references, intents: intents, garbage: garbage)
        }
    }
}
