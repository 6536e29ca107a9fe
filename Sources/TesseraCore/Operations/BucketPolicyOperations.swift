extension Engine {
    /// The bucket's policy; `noSuchConfiguration` (naming `policy`) when it has none. The
    /// bucket's owner, or whom the policy allows to read it.
    public func bucketPolicy(bucket: BucketName, caller: Owner) async throws -> BucketPolicy {
        try await bucketSetting(\.policy, of: bucket, caller: caller, action: .getBucketPolicy, named: "policy",
                                missing: "The bucket policy does not exist")
    }

    /// Whether the bucket's policy is public (S3's GetBucketPolicyStatus); `noSuchConfiguration`
    /// (naming `policy`) when it has none.
    public func bucketPolicyIsPublic(bucket: BucketName, caller: Owner) async throws -> Bool {
        try await bucketSetting(\.policy, of: bucket, caller: caller, action: .getBucketPolicyStatus, named: "policy",
                                missing: "The bucket policy does not exist").isPublic
    }

    /// Sets the bucket's policy. Every resource it names must be the bucket or objects in it
    /// (`malformedPolicy` otherwise); a public policy is refused (`accessDenied`) where the
    /// bucket's public access block says `BlockPublicPolicy`. The bucket's owner, or whom the
    /// policy in force allows to replace it.
    public func setBucketPolicy(_ policy: BucketPolicy, bucket: BucketName, caller: Owner) async throws {
        let b = try await authorizedBucket(bucket, caller: caller, action: .putBucketPolicy)
        for statement in policy.statements {
            for resource in statement.resources {
                let bucketPart = resource.pattern.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
                guard Wildcard.matches(String(bucketPart), bucket.value) else {
                    throw StorageError(.malformedPolicy, "Policy has invalid resource",
                                       context: ErrorContext(bucket: bucket.value, argument: .init(name: "Resource", value: resource.pattern)))
                }
            }
        }
        if b.publicAccessBlock?.blockPublicPolicy == true, policy.isPublic { throw StorageError.accessDenied() }
        try await metadata.setPolicy(policy, bucket: bucket)
    }

    /// Removes the bucket's policy (no error when it had none, as in S3). The bucket's owner, or
    /// whom the policy allows to delete it.
    public func deleteBucketPolicy(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .deleteBucketPolicy)
        try await metadata.setPolicy(nil, bucket: bucket)
    }
}
