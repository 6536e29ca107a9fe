/// The outcome of Complete.
public struct CompletedUpload: Sendable, Hashable {
    /// The bucket.
    public var bucket: BucketName
    /// The object's key.
    public var key: ObjectKey
    /// The object's ETag (`…-N`).
    public var etag: ETag
    /// The object's size.
    public var size: Int64
    /// Composite checksums, if any.
    public var checksums: [Checksum]
    /// Whether this answered a retry of an earlier, successful Complete.
    public var replayed: Bool

    /// Creates a result.
    public init(bucket: BucketName, key: ObjectKey, etag: ETag, size: Int64, checksums: [Checksum], replayed: Bool) {
        self.bucket = bucket
        self.key = key
        self.etag = etag
        self.size = size
        self.checksums = checksums
        self.replayed = replayed
    }
}

extension Engine {
    /// Completes an upload: one metadata transaction, O(parts), no bytes copied. A retry with the
    /// same part list after success returns the same result.
    public func completeMultipartUpload(bucket: BucketName, key: ObjectKey, uploadID: UploadID,
                                        parts requested: [RequestedPart], caller: Owner) async throws -> CompletedUpload {
        _ = try await authorizedBucket(bucket, caller: caller)
        let digest = CompletionPlan.digest(of: requested)
        let now = clock.now()
        do {
            let commit = try await metadata.completeUpload(bucket: bucket, id: uploadID) { upload, stored in
                guard upload.key == key else { throw StorageError.noSuchUpload(uploadID.value) }
                let plan = try CompletionPlan(requested: requested, stored: stored, upload: upload)
                let object = ObjectRecord(
                    bucket: bucket, key: key, size: plan.size, etag: plan.etag, lastModified: now,
                    attributes: upload.attributes, checksums: plan.checksums, manifest: plan.manifest,
                    owner: upload.owner, uploadID: uploadID, ufileETag: plan.ufileETag)
                let receipt = CompletionReceipt(bucket: bucket, uploadID: uploadID, key: key, etag: plan.etag,
                                                partsDigest: digest, size: plan.size, completed: now)
                return CompletionCommit(object: object, receipt: receipt)
            }
            garbageQueued()
            return CompletedUpload(bucket: bucket, key: key, etag: commit.object.etag, size: commit.object.size,
                                   checksums: commit.object.checksums, replayed: false)
        } catch let e as StorageError where e.code == .noSuchUpload {
            if let r = try await metadata.completionReceipt(bucket: bucket, id: uploadID), r.key == key, r.partsDigest == digest {
                return CompletedUpload(bucket: bucket, key: key, etag: r.etag, size: r.size, checksums: [], replayed: true)
            }
            throw e
        }
    }
}
