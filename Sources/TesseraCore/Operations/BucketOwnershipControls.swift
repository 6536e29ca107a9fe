extension Engine {
    /// The bucket's object ownership; `noSuchConfiguration` (naming `ownershipControls`) when
    /// never set. The bucket's owner only.
    public func objectOwnership(bucket: BucketName, caller: Owner) async throws -> ObjectOwnership {
        try await bucketSetting(\.objectOwnership, of: bucket, caller: caller, action: .getBucketOwnershipControls, named: "ownershipControls",
                                missing: "The bucket ownership controls were not found")
    }

    /// Sets the bucket's object ownership (`nil`: none, the writer owns what it writes). Turning
    /// ACLs off is refused while the bucket's ACL grants anything, as S3 refuses it. The bucket's
    /// owner only.
    public func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName, caller: Owner) async throws {
        let b = try await authorizedBucket(bucket, caller: caller, action: .putBucketOwnershipControls)
        if ownership == .bucketOwnerEnforced, !b.acl.grants.isEmpty, !b.acl.isBucketOwnerFullControl {
            throw StorageError(.invalidRequest, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                               context: ErrorContext(argument: .init(name: "ObjectOwnership", value: ownership?.rawValue ?? "")))
        }
        try await metadata.setObjectOwnership(ownership, bucket: bucket)
    }
}
