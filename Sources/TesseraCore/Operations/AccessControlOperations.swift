/// The owner and grants of a bucket or object (GetBucketAcl / GetObjectAcl).
public struct AccessPolicy: Sendable, Hashable {
    /// Who owns it (full control, always).
    public var owner: Owner
    /// Further grants; a `bucketOwner` grantee already resolved to ``bucketOwner``.
    public var acl: AccessControlList
    /// The owner of the bucket, for rendering `bucketOwner` grants.
    public var bucketOwner: Owner

    /// Creates a policy.
    public init(owner: Owner, acl: AccessControlList, bucketOwner: Owner) {
        self.owner = owner
        self.acl = acl
        self.bucketOwner = bucketOwner
    }
}

extension Engine {
    /// A bucket's ACL: its owner, or a caller with READ_ACP.
    public func bucketACL(_ name: BucketName, caller: Owner) async throws -> AccessPolicy {
        let b = try await authorizedBucket(name, caller: caller, for: .readACP, action: .getBucketAcl)
        return AccessPolicy(owner: b.owner, acl: b.aclsDisabled ? .private : b.acl, bucketOwner: b.owner)
    }

    /// Replaces a bucket's ACL: its owner, or a caller with WRITE_ACP.
    public func setBucketACL(_ name: BucketName, _ acl: AccessControlList, caller: Owner) async throws {
        try await authorizedBucket(name, caller: caller, for: .writeACP, action: .putBucketAcl).refuseBlocked(acl)
        try await metadata.setACL(acl, bucket: name)
    }

    /// An object's ACL: the bucket's owner, the object's, or a caller with READ_ACP on it.
    public func objectACL(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> AccessPolicy {
        let (b, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .readACP, action: .getObjectAcl)
        // ACLs off: the bucket's owner owns every object, with no other grant.
        if b.aclsDisabled { return AccessPolicy(owner: b.owner, acl: .private, bucketOwner: b.owner) }
        return AccessPolicy(owner: o.owner, acl: o.attributes.acl ?? .private, bucketOwner: b.owner)
    }

    /// Replaces an object's ACL (`nil`: it keeps none of its own, and the bucket's access list
    /// decides its reads again): the bucket's owner, the object's, or a caller with WRITE_ACP on it.
    public func setObjectACL(bucket: BucketName, key: ObjectKey, _ acl: AccessControlList?, caller: Owner) async throws {
        let (b, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .writeACP, action: .putObjectAcl)
        try b.refuseBlocked(acl)
        try await metadata.setACL(acl, bucket: bucket, key: key, etag: o.etag)
    }
}
