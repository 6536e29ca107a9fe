extension Engine {
    /// The bucket's cross-origin rules; `noSuchConfiguration` (naming `cors`) when it has none.
    /// The bucket's owner only.
    public func bucketCrossOrigin(bucket: BucketName, caller: Owner) async throws -> CrossOriginConfiguration {
        try await bucketSetting(\.crossOrigin, of: bucket, caller: caller, action: .getBucketCORS, named: "cors", missing: "The CORS configuration does not exist")
    }

    /// Replaces the bucket's cross-origin rules (already checked: a ``CrossOriginConfiguration``
    /// cannot be made otherwise). The bucket's owner only.
    public func setBucketCrossOrigin(_ rules: CrossOriginConfiguration, bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketCORS)
        try await metadata.setCrossOrigin(rules, bucket: bucket)
    }

    /// Removes the bucket's cross-origin rules (no error when it had none, as in S3). The
    /// bucket's owner only.
    public func deleteBucketCrossOrigin(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketCORS)
        try await metadata.setCrossOrigin(nil, bucket: bucket)
    }

    /// The rules a browser's request to `bucket` is answered by, whoever sends it: a preflight
    /// carries no credentials, and an actual request's answer names the rule whether or not the
    /// request itself is allowed. `nil` when the bucket has none; `noSuchBucket` when there is no
    /// bucket.
    public func crossOriginRules(of bucket: BucketName) async throws -> CrossOriginConfiguration? {
        guard let b = try await metadata.bucket(bucket) else { throw StorageError.noSuchBucket(bucket.value) }
        return b.crossOrigin
    }
}
