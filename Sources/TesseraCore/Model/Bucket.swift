/// Who may read a bucket's objects without credentials (UFile's bucket `Type`).
public enum BucketAccess: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the owner (the default).
    case `private`
    /// Anyone may read (GET, HEAD) its objects, unsigned; writes and listings still need the owner.
    case publicRead = "public-read"
}

/// A bucket and who owns it.
public struct Bucket: Hashable, Sendable {
    /// The bucket's name.
    public var name: BucketName
    /// The owner; only the owner may use the bucket.
    public var owner: Owner
    /// Creation time.
    public var created: Timestamp
    /// Region or location constraint given at creation (may be empty).
    public var region: String
    /// The lifecycle rules, if any were set.
    public var lifecycle: LifecycleConfiguration?
    /// Whether its objects may be read without credentials.
    public var access: BucketAccess
    /// Grants beyond the owner's (S3 ACLs).
    public var acl: AccessControlList
    /// The bucket's own tags (S3's bucket tagging), in the order given; `nil` when it has none.
    public var tags: [ObjectTag]?
    /// The cross-origin (CORS) rules browsers' requests are answered by; `nil` when it has none.
    public var crossOrigin: CrossOriginConfiguration?
    /// What of public access its owner turned off; `nil` when nothing is.
    public var publicAccessBlock: PublicAccessBlock?
    /// Who owns its objects and whether ACLs count; `nil` when never set (the writer owns them).
    public var objectOwnership: ObjectOwnership?
    /// The bucket policy; `nil` when it has none.
    public var policy: BucketPolicy?
    /// An access-control list kept as statements (BOS's bucket ACL: grantees, permissions,
    /// resources, conditions), judged beside ``policy``; `nil` when it has none (private).
    public var accessList: BucketPolicy?
    /// The versioning state it was put in (S3's PutBucketVersioning); `nil` when never set.
    public var versioning: VersioningStatus?

    /// Creates a bucket record.
    public init(name: BucketName, owner: Owner, created: Timestamp, region: String, lifecycle: LifecycleConfiguration? = nil,
                access: BucketAccess = .private, acl: AccessControlList = .private, tags: [ObjectTag]? = nil,
                crossOrigin: CrossOriginConfiguration? = nil, publicAccessBlock: PublicAccessBlock? = nil,
                objectOwnership: ObjectOwnership? = nil, policy: BucketPolicy? = nil, accessList: BucketPolicy? = nil,
                versioning: VersioningStatus? = nil) {
        self.objectOwnership = objectOwnership
        self.versioning = versioning
        self.policy = policy
        self.accessList = accessList
        self.crossOrigin = crossOrigin
        self.publicAccessBlock = publicAccessBlock
        self.access = access
        self.acl = acl
        self.tags = tags
        self.name = name
        self.owner = owner
        self.created = created
        self.region = region
        self.lifecycle = lifecycle
    }
}
