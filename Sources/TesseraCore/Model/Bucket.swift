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

    /// Creates a bucket record.
    public init(name: BucketName, owner: Owner, created: Timestamp, region: String, lifecycle: LifecycleConfiguration? = nil) {
        self.name = name
        self.owner = owner
        self.created = created
        self.region = region
        self.lifecycle = lifecycle
    }
}
