extension Engine {
    /// The bucket's versioning state; `nil` when never set. Judged as `s3:GetBucketVersioning`.
    public func bucketVersioning(bucket: BucketName, caller: Owner) async throws -> VersioningStatus? {
        try await authorizedBucket(bucket, caller: caller, action: .getBucketVersioning).versioning
    }

    /// Puts the bucket in `status` (see ``VersioningStatus``: suspended is the one state there
    /// is; a dialect refuses a request to enable versioning before it gets here). The bucket's
    /// owner only, or whom its policy allows `s3:PutBucketVersioning`.
    public func setBucketVersioning(_ status: VersioningStatus, bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketVersioning)
        try await metadata.setVersioning(status, bucket: bucket)
    }
}
