/// What a client declared about a body's bytes, to be verified while it streams.
public struct IntegrityCheck: Sendable, Hashable {
    /// `Content-MD5` (base64), if sent.
    public var contentMD5: String?
    /// The hex SHA-256 the request signature covers, if the client signed the payload.
    public var payloadSHA256: String?
    /// Declared checksums (`x-amz-checksum-*`), verified exactly.
    public var checksums: [Checksum]
    /// Algorithms to compute and record even though no value was declared.
    public var compute: Set<ChecksumAlgorithm>

    /// Creates a check.
    public init(contentMD5: String? = nil, payloadSHA256: String? = nil, checksums: [Checksum] = [], compute: Set<ChecksumAlgorithm> = []) {
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
                throw StorageError(.invalidRequest, "Value for x-amz-checksum-\(c.algorithm.headerSuffix) header is invalid.")
            }
        }
    }
}
