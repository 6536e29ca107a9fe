extension Engine {
    /// The bucket's own tags; `noSuchConfiguration` (naming `tagging`) when it has none. The
    /// bucket's owner only.
    public func bucketTags(bucket: BucketName, caller: Owner) async throws -> [ObjectTag] {
        guard let tags = try await authorizedBucket(bucket, caller: caller).tags else {
            throw StorageError(.noSuchConfiguration, "The TagSet does not exist",
                               context: ErrorContext(bucket: bucket.value, argument: .init(name: "configuration", value: "tagging")))
        }
        return tags
    }

    /// Replaces the bucket's tags with `tags` (checked: at most 50, S3's rules for each; an empty
    /// set leaves it with none). The bucket's owner only.
    public func setBucketTags(_ tags: [ObjectTag], bucket: BucketName, caller: Owner) async throws {
        let checked = try ObjectTag.validated(tags, forBucket: true)
        _ = try await authorizedBucket(bucket, caller: caller)
        try await metadata.setTags(checked.isEmpty ? nil : checked, bucket: bucket)
    }

    /// Removes the bucket's tags (no error when it had none, as in S3). The bucket's owner only.
    public func deleteBucketTags(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller)
        try await metadata.setTags(nil, bucket: bucket)
    }
}
