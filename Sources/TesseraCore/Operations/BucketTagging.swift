extension Engine {
    /// The bucket's own tags; `noSuchConfiguration` (naming `tagging`) when it has none. The
    /// bucket's owner only.
    public func bucketTags(bucket: BucketName, caller: Owner) async throws -> [ObjectTag] {
        try await bucketSetting(\.tags, of: bucket, caller: caller, action: .getBucketTagging, named: "tagging", missing: "The TagSet does not exist")
    }

    /// A setting of `bucket` kept whole (tags, CORS, public access block, object ownership), for
    /// its owner only; `noSuchConfiguration` naming it (`name`, the dialects' key for its code)
    /// with `missing` as the message when it is not set.
    func bucketSetting<T>(_ setting: KeyPath<Bucket, T?>, of bucket: BucketName, caller: Owner, action: AccessAction, named name: String,
                          missing: String) async throws -> T {
        guard let value = try await authorizedBucket(bucket, caller: caller, action: action)[keyPath: setting] else {
            throw StorageError(.noSuchConfiguration, missing,
                               context: ErrorContext(bucket: bucket.value, argument: .init(name: "configuration", value: name)))
        }
        return value
    }

    /// Replaces the bucket's tags with `tags` (checked: at most 50, S3's rules for each; an empty
    /// set leaves it with none). The bucket's owner only.
    public func setBucketTags(_ tags: [ObjectTag], bucket: BucketName, caller: Owner) async throws {
        let checked = try ObjectTag.validated(tags, forBucket: true)
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketTagging)
        try await metadata.setTags(checked.isEmpty ? nil : checked, bucket: bucket)
    }

    /// Removes the bucket's tags (no error when it had none, as in S3). The bucket's owner only.
    public func deleteBucketTags(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketTagging)
        try await metadata.setTags(nil, bucket: bucket)
    }
}
