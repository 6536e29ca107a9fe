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
    public var acl: AccessControlList? {
        get { rare?.acl }
        set { rare = Rare.make(acl: newValue, tags: tags, websiteRedirectLocation: websiteRedirectLocation) }
    }
    /// The object's tags (S3 object tagging), in the order given; `nil` when it has none.
    public var tags: [ObjectTag]? {
        get { rare?.tags }
        set { rare = Rare.make(acl: acl, tags: newValue, websiteRedirectLocation: websiteRedirectLocation) }
    }
    /// Where a static website would redirect a request for the object (S3's
    /// `x-amz-website-redirect-location`), kept and returned as given.
    public var websiteRedirectLocation: String? {
        get { rare?.websiteRedirectLocation }
        set { rare = Rare.make(acl: acl, tags: tags, websiteRedirectLocation: newValue) }
    }
    /// The ACL, the tags and the redirect, which few objects have, behind one reference. The attributes stay
    /// 128 bytes, the largest glibc's `memcpy` copies in its shortest path: with the tags as a
    /// field of their own (136 bytes) a 1,000-upload ListMultipartUploads page cost +1.2 % of
    /// instructions, +145 a row in `memcpy` alone (`bench/callgrind.py --requests 20`).
    private var rare: Rare?

    /// Creates attributes.
    public init(
        contentType: String? = nil, cacheControl: String? = nil, contentDisposition: String? = nil,
        contentEncoding: String? = nil, contentLanguage: String? = nil, expires: String? = nil,
        userMetadata: [MetadataEntry] = [], storageClass: String = "STANDARD", acl: AccessControlList? = nil,
        tags: [ObjectTag]? = nil, websiteRedirectLocation: String? = nil
    ) {
        self.rare = Rare.make(acl: acl, tags: tags, websiteRedirectLocation: websiteRedirectLocation)
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.contentDisposition = contentDisposition
        self.contentEncoding = contentEncoding
        self.contentLanguage = contentLanguage
        self.expires = expires
        self.userMetadata = userMetadata
        self.storageClass = storageClass
    }

    /// An immutable ACL, tag set and redirect, compared and hashed by value.
    private final class Rare: Hashable, Sendable {
        let acl: AccessControlList?
        let tags: [ObjectTag]?
        let websiteRedirectLocation: String?

        private init(acl: AccessControlList?, tags: [ObjectTag]?, websiteRedirectLocation: String?) {
            self.acl = acl
            self.tags = tags
            self.websiteRedirectLocation = websiteRedirectLocation
        }

        /// nil when there is none of them (an empty tag set is none).
        static func make(acl: AccessControlList?, tags: [ObjectTag]?, websiteRedirectLocation: String?) -> Rare? {
            let tags = tags?.isEmpty == true ? nil : tags
            guard acl != nil || tags != nil || websiteRedirectLocation != nil else { return nil }
            return Rare(acl: acl, tags: tags, websiteRedirectLocation: websiteRedirectLocation)
        }

        static func == (a: Rare, b: Rare) -> Bool {
            a.acl == b.acl && a.tags == b.tags && a.websiteRedirectLocation == b.websiteRedirectLocation
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(acl)
            hasher.combine(tags)
            hasher.combine(websiteRedirectLocation)
        }
    }
}

extension ObjectAttributes {
    private enum CodingKeys: String, CodingKey {
        case contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, userMetadata, storageClass, acl, tags
        case websiteRedirectLocation
    }

    /// Reads the JSON object ``encode(to:)`` writes (absent values left out).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(contentType: try c.decodeIfPresent(String.self, forKey: .contentType),
                  cacheControl: try c.decodeIfPresent(String.self, forKey: .cacheControl),
                  contentDisposition: try c.decodeIfPresent(String.self, forKey: .contentDisposition),
                  contentEncoding: try c.decodeIfPresent(String.self, forKey: .contentEncoding),
                  contentLanguage: try c.decodeIfPresent(String.self, forKey: .contentLanguage),
                  expires: try c.decodeIfPresent(String.self, forKey: .expires),
                  userMetadata: try c.decode([MetadataEntry].self, forKey: .userMetadata),
                  storageClass: try c.decode(String.self, forKey: .storageClass),
                  acl: try c.decodeIfPresent(AccessControlList.self, forKey: .acl),
                  tags: try c.decodeIfPresent([ObjectTag].self, forKey: .tags),
                  websiteRedirectLocation: try c.decodeIfPresent(String.self, forKey: .websiteRedirectLocation))
    }

    /// One field a property, absent values left out (as the synthesized coder wrote them).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(contentType, forKey: .contentType)
        try c.encodeIfPresent(cacheControl, forKey: .cacheControl)
        try c.encodeIfPresent(contentDisposition, forKey: .contentDisposition)
        try c.encodeIfPresent(contentEncoding, forKey: .contentEncoding)
        try c.encodeIfPresent(contentLanguage, forKey: .contentLanguage)
        try c.encodeIfPresent(expires, forKey: .expires)
        try c.encode(userMetadata, forKey: .userMetadata)
        try c.encode(storageClass, forKey: .storageClass)
        try c.encodeIfPresent(acl, forKey: .acl)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(websiteRedirectLocation, forKey: .websiteRedirectLocation)
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
