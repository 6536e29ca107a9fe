/// Typed facts that come with a ``StorageError``: which resource, which argument, which sizes.
/// Dialects render what their error documents carry (S3's `<BucketName>`, `<ArgumentName>`, …)
/// and word their messages from it; the engine never spells a wire field name.
public struct ErrorContext: Sendable, Equatable {
    /// A request argument and the value it had.
    public struct Argument: Sendable, Equatable {
        /// The argument's dialect-neutral name (a dialect may respell it).
        public var name: String
        /// The value received.
        public var value: String

        /// Creates an argument.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A digest the client declared and the one computed over what it sent.
    public struct DigestMismatch: Sendable, Equatable {
        /// What was declared: a whole-body SHA-256 the signature covers, or a content checksum.
        public enum Kind: Sendable, Equatable {
            /// The body's SHA-256 that a request signature covered.
            case signedPayloadSHA256
            /// A checksum of the content (MD5 or an additional checksum).
            case content
        }
        /// What was declared.
        public var kind: Kind
        /// The declared value, as the client sent it.
        public var declared: String
        /// The computed value, in the same encoding.
        public var computed: String

        /// Creates a mismatch.
        public init(kind: Kind, declared: String, computed: String) {
            self.kind = kind
            self.declared = declared
            self.computed = computed
        }
    }

    /// The bucket concerned.
    public var bucket: String?
    /// The object key concerned.
    public var key: String?
    /// The upload concerned.
    public var uploadID: String?
    /// The part concerned (engine numbering, from 1).
    public var partNumber: Int?
    /// The ETag concerned.
    public var etag: String?
    /// The offending argument.
    public var argument: Argument?
    /// The size that was proposed.
    public var proposedSize: Int64?
    /// The smallest size allowed.
    public var minSizeAllowed: Int64?
    /// The largest size allowed.
    public var maxSizeAllowed: Int64?
    /// The object's actual size (unsatisfiable ranges).
    public var actualObjectSize: Int64?
    /// The owner id of an existing resource (a taken bucket name).
    public var owner: String?
    /// The precondition that failed (`If-Match`, …).
    public var condition: String?
    /// A digest that did not match.
    public var digest: DigestMismatch?

    /// Creates a context with any of its facts.
    public init(bucket: String? = nil, key: String? = nil, uploadID: String? = nil, partNumber: Int? = nil, etag: String? = nil,
                argument: Argument? = nil, proposedSize: Int64? = nil, minSizeAllowed: Int64? = nil, maxSizeAllowed: Int64? = nil,
                actualObjectSize: Int64? = nil, owner: String? = nil, condition: String? = nil, digest: DigestMismatch? = nil) {
        self.bucket = bucket
        self.key = key
        self.uploadID = uploadID
        self.partNumber = partNumber
        self.etag = etag
        self.argument = argument
        self.proposedSize = proposedSize
        self.minSizeAllowed = minSizeAllowed
        self.maxSizeAllowed = maxSizeAllowed
        self.actualObjectSize = actualObjectSize
        self.owner = owner
        self.condition = condition
        self.digest = digest
    }
}
