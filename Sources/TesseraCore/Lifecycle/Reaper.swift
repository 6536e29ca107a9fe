/// What one reaper pass did.
public struct ReapReport: Hashable, Sendable, Codable {
    /// Buckets with at least one enabled abort rule.
    public var bucketsWithRules = 0
    /// Time-index entries read (every one of them had passed some rule's cutoff).
    public var visited = 0
    /// Uploads aborted.
    public var abortedUploads = 0
    /// Parts they held.
    public var abortedParts = 0
    /// Bytes their parts held, now queued for deletion.
    public var reclaimedBytes: Int64 = 0
    /// Buckets with at least one enabled expiration rule whose objects were walked.
    public var bucketsSwept = 0
    /// Objects read while walking them.
    public var objectsRead = 0
    /// Objects deleted because a rule's expiry date had passed.
    public var expiredObjects = 0
    /// Bytes those objects held, now queued for deletion.
    public var expiredBytes: Int64 = 0

    /// An empty report.
    public init() {}

    mutating func add(_ other: ReapReport) {
        bucketsWithRules += other.bucketsWithRules
        visited += other.visited
        abortedUploads += other.abortedUploads
        abortedParts += other.abortedParts
        reclaimedBytes += other.reclaimedBytes
        bucketsSwept += other.bucketsSwept
        objectsRead += other.objectsRead
        expiredObjects += other.expiredObjects
        expiredBytes += other.expiredBytes
    }
}

extension Engine {
    /// One reaper pass over every lifecycle rule: the expired uploads aborted
    /// (``reapExpiredUploads(batchSize:)``), then the expired objects deleted
    /// (``expireObjects(batchSize:sweeps:)``).
    public func reap(sweeps: ExpirySweeps? = nil) async throws -> ReapReport {
        var report = try await reapExpiredUploads()
        report.add(try await expireObjects(sweeps: sweeps))
        return report
    }

    /// The uploads part of a reaper pass: for every enabled abort rule of every bucket, aborts exactly the uploads
    /// whose abort date (``AbortSchedule``) is at or before now. Each rule walks the bucket's
    /// time index up to its cutoff, in transactions of at most `batchSize` entries, so only
    /// expired entries are read. Blobs go through the GC queue.
    public func reapExpiredUploads(batchSize: Int = 500) async throws -> ReapReport {
        let now = clock.now()
        var report = ReapReport()
        for bucket in try await metadata.buckets() {
            let rules = (bucket.lifecycle?.rules ?? []).filter { $0.enabled && $0.abortIncompleteUpload != nil }
            guard !rules.isEmpty else { continue }
            report.bucketsWithRules += 1
            for rule in rules {
                let abort = rule.abortIncompleteUpload!
                let criterion = ExpiryCriterion(basis: abort.basis, cutoff: AbortSchedule.cutoff(now: now, days: abort.days),
                                                prefix: Array(rule.prefix.utf8))
                report.add(try await abortAll(in: bucket.name, criterion: criterion, batchSize: batchSize))
            }
        }
        return report
    }

    /// Aborts every upload of `bucket` that `criterion` selects, batch by batch.
    public func abortAll(in bucket: BucketName, criterion: ExpiryCriterion, batchSize: Int = 500,
                         progress: @Sendable (ReapReport) -> Void = { _ in }) async throws -> ReapReport {
        var report = ReapReport()
        var cursor: AgeCursor?
        repeat {
            let batch = try await metadata.abortUploadsByAge(bucket: bucket, criterion: criterion, after: cursor, limit: batchSize)
            report.visited += batch.visited
            report.abortedUploads += batch.uploads.count
            report.abortedParts += batch.uploads.reduce(0) { $0 + $1.partCount }
            report.reclaimedBytes += batch.uploads.reduce(0) { $0 + $1.bytes }
            if !batch.uploads.isEmpty { garbageQueued() }
            progress(report)
            cursor = batch.next
        } while cursor != nil
        return report
    }
}
