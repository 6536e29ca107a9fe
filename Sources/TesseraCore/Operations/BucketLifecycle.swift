extension Engine {
    /// Replaces the bucket's lifecycle rules.
    public func putBucketLifecycle(_ configuration: LifecycleConfiguration, bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putLifecycleConfiguration)
        try await metadata.setLifecycle(configuration, bucket: bucket)
    }

    /// The bucket's lifecycle rules; `noSuchLifecycleConfiguration` when none are set.
    public func bucketLifecycle(bucket: BucketName, caller: Owner) async throws -> LifecycleConfiguration {
        guard let configuration = try await authorizedBucket(bucket, caller: caller, action: .getLifecycleConfiguration).lifecycle else {
            throw StorageError(.noSuchLifecycleConfiguration, "The lifecycle configuration does not exist", context: ErrorContext(bucket: bucket.value))
        }
        return configuration
    }

    /// Removes the bucket's lifecycle rules (no error when there were none, as in S3).
    public func deleteBucketLifecycle(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putLifecycleConfiguration)
        try await metadata.setLifecycle(nil, bucket: bucket)
    }
}
