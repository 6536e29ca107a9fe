/// A principal that owns buckets and initiates uploads.
public struct Owner: Hashable, Sendable, Codable {
    /// Stable identifier.
    public var id: String
    /// Human-readable name.
    public var displayName: String

    /// Creates an owner.
    public init(id: String, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}

/// A stored access key pair and the principal it authenticates.
public struct Credential: Hashable, Sendable {
    /// The public half (S3 access key, BOS AK, UFile public key).
    public var accessKey: String
    /// The shared secret.
    public var secretKey: String
    /// Who the key belongs to.
    public var owner: Owner
    /// Whether the key may use admin endpoints.
    public var isAdmin: Bool
    /// When it was created.
    public var created: Timestamp

    /// Creates a credential.
    public init(accessKey: String, secretKey: String, owner: Owner, isAdmin: Bool, created: Timestamp) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.owner = owner
        self.isAdmin = isAdmin
        self.created = created
    }
}
