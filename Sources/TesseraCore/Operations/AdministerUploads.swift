/// One page of the administrators' upload listing (`tessera uploads ls`).
public struct AdminUploadPage: Sendable {
    /// Uploads, oldest first.
    public var uploads: [Upload]
    /// Pass back to continue; `nil` at the end.
    public var next: AdminUploadCursor?

    /// Creates a page.
    public init(uploads: [Upload], next: AdminUploadCursor?) {
        self.uploads = uploads
        self.next = next
    }
}

/// Where an administrators' listing goes on: a bucket and a place in its time index.
public struct AdminUploadCursor: Hashable, Sendable {
    /// The bucket being walked.
    public var bucket: BucketName
    /// The place in its time index; `nil` for its start.
    public var position: AgeCursor?

    /// Creates a cursor.
    public init(bucket: BucketName, position: AgeCursor?) {
        self.bucket = bucket
        self.position = position
    }
}

extension Engine {
    /// In-progress uploads across buckets (or of one), oldest first within each bucket,
    /// initiated at or before `initiatedBy` and with keys starting with `prefix`. For
    /// administrators: no ownership check. Walks the time index, so `--older-than` reads
    /// only uploads that old.
    public func administeredUploads(bucket: BucketName?, prefix: [UInt8], initiatedBy cutoff: Timestamp,
                                    after: AdminUploadCursor?, limit: Int) async throws -> AdminUploadPage {
        let limit = min(max(limit, 1), 1000)
        var names: [BucketName]
        if let bucket {
            guard try await metadata.bucket(bucket) != nil else { throw StorageError.noSuchBucket(bucket.value) }
            names = [bucket]
        } else {
            names = try await metadata.buckets().map(\.name)
        }
        if let after { names = names.filter { $0 >= after.bucket } }
        let criterion = ExpiryCriterion(basis: .initiation, cutoff: cutoff, prefix: prefix)
        var found: [Upload] = []
        for name in names {
            var position = after?.bucket == name ? after?.position : nil
            repeat {
                let batch = try await metadata.uploadsByAge(bucket: name, criterion: criterion, after: position, limit: limit)
                position = batch.next
                for upload in batch.uploads {
                    found.append(upload)
                    if found.count == limit {
                        let cursor = AgeCursor(time: upload.initiated, uploadID: upload.id)
                        return AdminUploadPage(uploads: found, next: AdminUploadCursor(bucket: name, position: cursor))
                    }
                }
            } while position != nil
        }
        return AdminUploadPage(uploads: found, next: nil)
    }

    /// Aborts one upload on an administrator's behalf (no ownership check); returns what it held.
    public func administrativeAbort(bucket: BucketName, uploadID: UploadID) async throws -> Upload {
        let upload = try await metadata.abortUpload(bucket: bucket, id: uploadID)
        garbageQueued()
        return upload
    }

    /// Per-bucket in-progress upload totals (kept incrementally; no scan).
    public func uploadTotals() async throws -> [UploadTotals] {
        try await metadata.uploadTotals()
    }

    /// Per-bucket stored objects and bytes (kept incrementally; no scan).
    public func objectTotals() async throws -> [ObjectTotals] {
        try await metadata.objectTotals()
    }
}
