/// Who owns a bucket's objects, and whether ACLs count (S3's Object Ownership).
public enum ObjectOwnership: String, Sendable, Hashable, Codable, CaseIterable {
    /// The writer owns what it writes; ACLs count (Tessera's behaviour without a setting).
    case objectWriter = "ObjectWriter"
    /// A write that grants the bucket's owner full control (`bucket-owner-full-control`) is the
    /// bucket owner's; ACLs count.
    case bucketOwnerPreferred = "BucketOwnerPreferred"
    /// ACLs are off: the bucket's owner owns every object, grants are ignored, and a request
    /// that would set an ACL but `bucket-owner-full-control` is refused.
    case bucketOwnerEnforced = "BucketOwnerEnforced"
}

extension AccessControlList {
    /// The canned `bucket-owner-full-control`: full control to the bucket's owner and nothing else.
    public var isBucketOwnerFullControl: Bool {
        !grants.isEmpty && grants.allSatisfy { $0.grantee == .bucketOwner && $0.permission == .fullControl }
    }
}

extension Bucket {
    /// Whether ACLs are off (BucketOwnerEnforced).
    public var aclsDisabled: Bool { objectOwnership == .bucketOwnerEnforced }

    /// Who owns an object `writer` writes here with `acl`.
    public func objectOwner(writer: Owner, acl: AccessControlList?) -> Owner {
        switch objectOwnership {
        case .bucketOwnerEnforced: owner
        case .bucketOwnerPreferred where acl?.isBucketOwnerFullControl == true: owner
        default: writer
        }
    }

    /// Throws S3's 400 AccessControlListNotSupported when ACLs are off and `acl` is one to set
    /// (`bucket-owner-full-control` excepted, as S3 takes it).
    public func refuseACLsWhenOff(_ acl: AccessControlList?) throws(StorageError) {
        guard aclsDisabled, let acl, !acl.isBucketOwnerFullControl else { return }
        throw StorageError(.aclNotSupported, "The bucket does not allow ACLs")
    }
}
