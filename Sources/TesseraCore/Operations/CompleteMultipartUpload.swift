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
    /// UFile's block ETag of the object, when its parts allow it.
    public var ufileETag: String?
    /// When and by which lifecycle rule the object expires (S3's `x-amz-expiration`); `nil` when
    /// none does, and for a replayed answer.
    public var expiry: AbortSchedule?

    /// Creates a result.
    public init(bucket: BucketName, key: ObjectKey, etag: ETag, size: Int64, checksums: [Checksum], replayed: Bool, ufileETag: String? = nil) {
        self.ufileETag = ufileETag
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
    /// same part list after success returns the same result. `target` writes the object under
    /// another key than the upload's (UFile's `newKey`). With a `condition`, the object there is
    /// checked in the completing transaction: 412 (or 404) leaves the upload as it was, as does an
    /// assertion in `expected` (checksum, type, size) that does not hold.
    public func completeMultipartUpload(bucket: BucketName, key: ObjectKey, uploadID: UploadID,
                                        parts requested: [RequestedPart], target: ObjectKey? = nil, condition: WriteCondition = .none,
                                        expecting expected: CompletionExpectations = .none, caller: Owner) async throws -> CompletedUpload {
        let objectKey = target ?? key
        let target = try await authorizedBucket(bucket, caller: caller, for: .write, action: .putObject, key: key)
        let digest = CompletionPlan.digest(of: requested)
        let now = clock.now()
        do {
            let commit = try await metadata.completeUpload(bucket: bucket, id: uploadID, condition: condition) { upload, stored in
                guard upload.key == key else { throw StorageError.noSuchUpload(uploadID.value) }
                let plan = try CompletionPlan(requested: requested, stored: stored, upload: upload, expecting: expected)
                let object = ObjectRecord(
                    bucket: bucket, key: objectKey, size: plan.size, etag: plan.etag, lastModified: now,
                    attributes: upload.attributes, checksums: plan.checksums, manifest: plan.manifest,
                    owner: target.objectOwner(writer: upload.owner, acl: upload.attributes.acl), uploadID: uploadID, ufileETag: plan.ufileETag, inlineContent: nil)
                let receipt = CompletionReceipt(bucket: bucket, uploadID: uploadID, key: objectKey, etag: plan.etag,
                                                partsDigest: digest, size: plan.size, completed: now)
                return CompletionCommit(object: object, receipt: receipt)
            }
            garbageQueued()
            var done = CompletedUpload(bucket: bucket, key: objectKey, etag: commit.object.etag, size: commit.object.size,
                                       checksums: commit.object.checksums, replayed: false, ufileETag: commit.object.ufileETag)
            done.expiry = target.lifecycle?.expirySchedule(of: commit.object)
            return done
        } catch let e as StorageError where e.code == .noSuchUpload {
            if let r = try await metadata.completionReceipt(bucket: bucket, id: uploadID), r.key == objectKey, r.partsDigest == digest {
                return CompletedUpload(bucket: bucket, key: objectKey, etag: r.etag, size: r.size, checksums: [], replayed: true)
            }
            throw e
        }
    }
}
