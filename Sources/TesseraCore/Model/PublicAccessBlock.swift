/// A bucket's public access block (S3's PublicAccessBlockConfiguration): what of public access
/// its owner turns off, whatever the ACLs say. A public grant is one to everyone or to every
/// signed user; a public (UFile) bucket's object reads count as one.
public struct PublicAccessBlock: Hashable, Sendable, Codable {
    /// Refuse setting a public ACL: a bucket's or object's ACL, or a write that carries one.
    public var blockPublicACLs: Bool
    /// Ignore public grants (and a public bucket's object reads) when deciding access.
    public var ignorePublicACLs: Bool
    /// Refuse setting a public bucket policy (``BucketPolicy/isPublic``).
    public var blockPublicPolicy: Bool
    /// A public bucket policy allows nothing to anyone but the bucket's owner.
    public var restrictPublicBuckets: Bool

    /// Creates a block (each setting off unless given).
    public init(blockPublicACLs: Bool = false, ignorePublicACLs: Bool = false, blockPublicPolicy: Bool = false,
                restrictPublicBuckets: Bool = false) {
        self.blockPublicACLs = blockPublicACLs
        self.ignorePublicACLs = ignorePublicACLs
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }
}

extension AccessControlList {
    /// Whether any grant is to everyone or to every signed user.
    public var isPublic: Bool {
        grants.contains { $0.grantee == .allUsers || $0.grantee == .authenticatedUsers }
    }

    /// The grants but the public ones.
    public var withoutPublicGrants: AccessControlList {
        AccessControlList(grants: grants.filter { $0.grantee != .allUsers && $0.grantee != .authenticatedUsers })
    }
}

extension Bucket {
    /// Its ACL as access is decided: none when ACLs are off, without public grants when its
    /// block ignores them.
    public var effectiveACL: AccessControlList {
        if aclsDisabled { return .private }
        return publicAccessBlock?.ignorePublicACLs == true ? acl.withoutPublicGrants : acl
    }

    /// Whether anyone may read its objects (a public UFile bucket) as access is decided.
    public var effectivePublicRead: Bool {
        access == .publicRead && publicAccessBlock?.ignorePublicACLs != true
    }

    /// An object's ACL as access is decided in this bucket.
    public func effective(_ acl: AccessControlList?) -> AccessControlList? {
        if aclsDisabled { return nil }
        guard let acl, publicAccessBlock?.ignorePublicACLs == true else { return acl }
        return acl.withoutPublicGrants
    }

    /// Throws S3's 400 AccessControlListNotSupported when ACLs are off here and `acl` is one to
    /// set, or its 403 AccessDenied when the block refuses setting `acl` (public) here.
    public func refuseBlocked(_ acl: AccessControlList?) throws(StorageError) {
        try refuseACLsWhenOff(acl)
        if publicAccessBlock?.blockPublicACLs == true, acl?.isPublic == true { throw StorageError.accessDenied() }
    }

    /// Throws S3's 403 AccessDenied when the block refuses making the bucket's objects public.
    public func refuseBlocked(_ access: BucketAccess) throws(StorageError) {
        if publicAccessBlock?.blockPublicACLs == true, access == .publicRead { throw StorageError.accessDenied() }
    }
}
