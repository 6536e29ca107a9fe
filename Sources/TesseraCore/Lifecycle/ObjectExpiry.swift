extension Engine {
    /// When, and by which lifecycle rule, `object` expires (`x-amz-expiration` on a write's
    /// answer); `nil` when no rule expires it. Reads the bucket's rules, which the stores cache.
    public func expirySchedule(of object: ObjectRecord) async throws -> AbortSchedule? {
        try await metadata.bucket(object.bucket)?.lifecycle?.expirySchedule(of: object)
    }

    /// The objects part of a reaper pass: for every enabled expiration rule of every bucket,
    /// walks the objects under the rule's prefix in key order, `batchSize` at a time, and
    /// deletes each the rule selects (``LifecycleRule/selects(_:)``) whose expiry date is at or
    /// before now. With `sweeps`, a rule that has already walked since the last UTC midnight is
    /// passed over (no expiry date falls between two midnights).
    ///
    /// Each delete is conditional on the ETag read, so an object written again after the walk
    /// read it is not deleted for the old one's age (unless the new one has the same content,
    /// which the next walk would judge the same way). Blobs go through the GC queue.
    public func expireObjects(batchSize: Int = 1000, sweeps: ExpirySweeps? = nil) async throws -> ReapReport {
        var report = ReapReport()
        for bucket in try await metadata.buckets() {
            let rules = (bucket.lifecycle?.rules ?? []).filter { $0.enabled && $0.expiration?.deletesObjects == true }
            var swept = false
            for rule in rules {
                let now = clock.now()
                if let sweeps, !sweeps.isDue(rule, of: bucket.name, now: now) { continue }
                swept = true
                report.add(try await expire(bucket.name, rule, now: now, batchSize: max(1, batchSize)))
                sweeps?.record(rule, of: bucket.name, now: now)
            }
            if swept { report.bucketsSwept += 1 }
        }
        return report
    }

    /// Walks the objects `rule` may select and deletes the expired ones.
    private func expire(_ bucket: BucketName, _ rule: LifecycleRule, now: Timestamp, batchSize: Int) async throws -> ReapReport {
        var report = ReapReport()
        try await walkExpired(bucket, rule, now: now, batchSize: batchSize) { read, due in
            report.objectsRead += read
            for start in stride(from: 0, to: due.count, by: Self.deletesInFlight) {
                let gone = try await delete(due[start..<min(start + Self.deletesInFlight, due.count)], from: bucket)
                report.expiredObjects += gone.count
                report.expiredBytes += gone.bytes
            }
            return true
        }
        return report
    }

    /// What `rule` would delete now, without deleting it (the console's preview): the objects
    /// and their bytes, reading `batchSize` at a time and stopping once `limit` are read with
    /// more left (`capped` then: the counts are a lower bound).
    public func expiryPreview(bucket: BucketName, rule: LifecycleRule, limit: Int,
                              batchSize: Int = 1000) async throws -> (objects: Int, bytes: Int64, capped: Bool) {
        var result = (objects: 0, bytes: Int64(0), capped: false)
        var read = 0
        try await walkExpired(bucket, rule, now: clock.now(), batchSize: max(1, batchSize)) { batchRead, due in
            read += batchRead
            result.objects += due.count
            result.bytes += due.reduce(0) { $0 + $1.size }
            guard read < limit || batchRead < batchSize else { result.capped = true; return false }
            return true
        }
        return result
    }

    /// Reads the objects under `rule`'s prefix in key order, `batchSize` at a time, and hands
    /// each batch's count and those of it due for deletion at `now` to `body` (false: stop).
    private func walkExpired(_ bucket: BucketName, _ rule: LifecycleRule, now: Timestamp, batchSize: Int,
                             _ body: (Int, [ObjectRecord]) async throws -> Bool) async throws {
        let prefix = Array(rule.prefix.utf8)
        var position: IndexPosition = prefix.isEmpty ? .start : .keyAtLeast(prefix)
        while true {
            let range = IndexRange(position: position, prefix: prefix, limit: batchSize)
            let batch = try await metadata.readObjectIndex(bucket: bucket, manifests: false) { try $0.read(range) }
            let due = batch.filter { object in
                guard rule.selects(object), let date = rule.expiration?.date(forObjectWrittenAt: object.lastModified) else { return false }
                return date <= now
            }
            guard try await body(batch.count, due), batch.count == batchSize, let last = batch.last else { return }
            position = .keyAfter(last.listingKey)
        }
    }

    /// Deletes in flight at once: the group commit puts them in one transaction and one flush
    /// (one at a time, each waited for its own: 4,000 deletes a second; `tessera bench expiry`,
    /// docs/benchmarks.md).
    static var deletesInFlight: Int { 32 }

    /// Deletes `objects` at once, each only if it still has the ETag read; returns how many
    /// were deleted and their bytes. Blobs go through the GC queue.
    private func delete(_ objects: ArraySlice<ObjectRecord>, from bucket: BucketName) async throws -> (count: Int, bytes: Int64) {
        let deleted = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for object in objects {
                let (key, etag, size) = (object.key, object.etag, object.size)
                group.addTask {
                    do {
                        return try await metadata.deleteObject(bucket: bucket, key: key, condition: .matching(etag)) ? size : nil
                    } catch let error as StorageError where [.preconditionFailed, .noSuchKey, .conditionalRequestConflict].contains(error.code) {
                        return nil  // written again or deleted since the walk read it
                    }
                }
            }
            var sizes: [Int64] = []
            for try await size in group { if let size { sizes.append(size) } }
            return sizes
        }
        if !deleted.isEmpty { garbageQueued() }
        return (deleted.count, deleted.reduce(0, +))
    }
}
