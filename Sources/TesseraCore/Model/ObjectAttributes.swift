/// What a client says about an object when it writes it: content headers and user metadata.
public struct ObjectAttributes: Hashable, Sendable, Codable {
    /// `Content-Type`.
    public var contentType: String?
    /// `Cache-Control`.
    public var cacheControl: String?
    /// `Content-Disposition`.
    public var contentDisposition: String?
    /// `Content-Encoding`.
    public var contentEncoding: String?
    /// `Content-Language`.
    public var contentLanguage: String?
    /// `Expires`.
    public var expires: String?
    /// User metadata, lower-case names without the dialect prefix, in the order given.
    public var userMetadata: [MetadataEntry]
    /// Storage class as requested (`STANDARD` when absent).
    public var storageClass: String
    /// Grants beyond the owner's (S3 ACLs); `nil` is private.
    public var acl: AccessControlList?
    /// The object's tags (S3 object tagging), in the order given; `nil` when it has none.
    public var tags: [ObjectTag]?

    /// Creates attributes.
    public init(
        contentType: String? = nil, cacheControl: String? = nil, contentDisposition: String? = nil,
        contentEncoding: String? = nil, contentLanguage: String? = nil, expires: String? = nil,
        userMetadata: [MetadataEntry] = [], storageClass: String = "STANDARD", acl: AccessControlList? = nil,
        tags: [ObjectTag]? = nil
    ) {
        self.acl = acl
        self.tags = tags?.isEmpty == true ? nil : tags
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.contentDisposition = contentDisposition
        self.contentEncoding = contentEncoding
        self.contentLanguage = contentLanguage
        self.expires = expires
        self.userMetadata = userMetadata
        self.storageClass = storageClass
    }
}

/// One user metadata pair.
public struct MetadataEntry: Hashable, Sendable, Codable {
    /// Lower-case name without prefix.
    public var name: String
    /// Value as given (UTF-8).
    public var value: String

    /// Creates an entry.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
