import NIOConcurrencyHelpers

/// Checksums that arrive after the body (aws-chunked trailers), filled in by the body decoder
/// before the stream ends and read by ``DigestSet/finish()``.
public final class TrailingChecksums: Sendable {
    private let values = NIOLockedValueBox<[Checksum]>([])
    /// The algorithms announced up front (`x-amz-trailer`).
    public let expected: Set<ChecksumAlgorithm>

    /// Creates a box for the announced algorithms.
    public init(expected: Set<ChecksumAlgorithm>) { self.expected = expected }

    /// Records a trailer value.
    public func record(_ checksum: Checksum) { values.withLockedValue { $0.append(checksum) } }

    /// The values received.
    public var received: [Checksum] { values.withLockedValue { $0 } }
}

/// What a client declared about a body's bytes, to be verified while it streams.
public struct IntegrityCheck: Sendable {
    /// `Content-MD5` (base64), if sent.
    public var contentMD5: String?
    /// The hex SHA-256 the request signature covers, if the client signed the payload.
    public var payloadSHA256: String?
    /// Declared checksums (`x-amz-checksum-*`), verified exactly.
    public var checksums: [Checksum]
    /// Algorithms to compute and record even though no value was declared.
    public var compute: Set<ChecksumAlgorithm>
    /// Checksums that will arrive in a trailer after the body.
    public var trailing: TrailingChecksums?
    /// Whether to compute UFile's SHA-1-block ETag (``SHA1BlockDigest``).
    public var ufileETag: Bool = false

    /// Creates a check.
    public init(contentMD5: String? = nil, payloadSHA256: String? = nil, checksums: [Checksum] = [], compute: Set<ChecksumAlgorithm> = [],
                trailing: TrailingChecksums? = nil, ufileETag: Bool = false) {
        self.trailing = trailing
        self.ufileETag = ufileETag
        self.contentMD5 = contentMD5
        self.payloadSHA256 = payloadSHA256
        self.checksums = checksums
        self.compute = compute
    }

    /// No declarations.
    public static let none = IntegrityCheck()

    /// Rejects malformed declarations before any byte is read.
    public func validateShape() throws(StorageError) {
        if let md5 = contentMD5 {
            guard let d = Base64.decode(md5), d.count == 16 else {
                throw StorageError(.invalidDigest, "The Content-MD5 you specified is not valid.")
            }
        }
        for c in checksums {
            let expected: Int
            switch c.algorithm {
            case .crc32, .crc32c: expected = 4
            case .crc64nvme: expected = 8
            case .sha1: expected = 20
            case .sha256: expected = 32
            }
            guard let d = Base64.decode(c.base64), d.count == expected else {
                throw StorageError(.invalidRequest, "The declared \(c.algorithm.rawValue) checksum is not a valid value.",
                                   context: ErrorContext(argument: .init(name: "checksum-\(c.algorithm.headerSuffix)", value: c.base64)))
            }
        }
    }
}
