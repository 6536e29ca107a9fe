extension Engine {
    /// The bucket's public access block; `noSuchConfiguration` (naming `publicAccessBlock`)
    /// when it has none. The bucket's owner only.
    public func publicAccessBlock(bucket: BucketName, caller: Owner) async throws -> PublicAccessBlock {
        try await bucketSetting(\.publicAccessBlock, of: bucket, caller: caller, action: .getBucketPublicAccessBlock, named: "publicAccessBlock",
                                missing: "The public access block configuration was not found")
    }

    /// Sets the bucket's public access block; from then on public ACLs are refused or ignored as
    /// it says. The bucket's owner only.
    public func setPublicAccessBlock(_ block: PublicAccessBlock, bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketPublicAccessBlock)
        try await metadata.setPublicAccessBlock(block, bucket: bucket)
    }

    /// Removes the bucket's public access block (no error when it had none, as in S3). The
    /// bucket's owner only.
    public func deletePublicAccessBlock(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .putBucketPublicAccessBlock)
        try await metadata.setPublicAccessBlock(nil, bucket: bucket)
    }
}
