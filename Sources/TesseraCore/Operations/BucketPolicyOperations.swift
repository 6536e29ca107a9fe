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
        try Self.requireOwnResources(policy, bucket: bucket)
        if b.publicAccessBlock?.blockPublicPolicy == true, policy.isPublic { throw StorageError.accessDenied() }
        try await metadata.setPolicy(policy, bucket: bucket)
    }

    /// Throws `malformedPolicy` unless every resource `policy` names is `bucket` or objects in it.
    static func requireOwnResources(_ policy: BucketPolicy, bucket: BucketName) throws(StorageError) {
        for statement in policy.statements {
            for resource in statement.resources {
                let bucketPart = resource.pattern.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
                guard Wildcard.matches(String(bucketPart), bucket.value) else {
                    throw StorageError(.malformedPolicy, "Policy has invalid resource",
                                       context: ErrorContext(bucket: bucket.value, argument: .init(name: "Resource", value: resource.pattern)))
                }
            }
        }
    }

    /// Removes the bucket's policy (no error when it had none, as in S3). The bucket's owner, or
    /// whom the policy allows to delete it.
    public func deleteBucketPolicy(bucket: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(bucket, caller: caller, action: .deleteBucketPolicy)
        try await metadata.setPolicy(nil, bucket: bucket)
    }
}

extension Engine {
    /// The bucket's access list kept as statements (BOS's bucket ACL); `nil` when it has none
    /// (private). The bucket's owner, or whom its policy allows to read its ACL.
    public func bucketAccessList(bucket: BucketName, caller: Owner) async throws -> BucketPolicy? {
        try await authorizedBucket(bucket, caller: caller, action: .getBucketAcl).accessList
    }

    /// Replaces the bucket's access list (`nil`: private). Its resources must be the bucket or
    /// objects in it (`malformedPolicy`); a public one is refused (`accessDenied`) where the
    /// public access block says `BlockPublicAcls`. The bucket's owner, or whom its policy allows.
    public func setBucketAccessList(_ list: BucketPolicy?, bucket: BucketName, caller: Owner) async throws {
        let b = try await authorizedBucket(bucket, caller: caller, action: .putBucketAcl)
        if let list { try Self.requireOwnResources(list, bucket: bucket) }
        if b.publicAccessBlock?.blockPublicACLs == true, list?.isPublic == true { throw StorageError.accessDenied() }
        try await metadata.setAccessList(list, bucket: bucket)
    }
}
