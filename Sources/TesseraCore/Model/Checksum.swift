/// The additional checksum algorithms S3 clients may send (`x-amz-checksum-*`).
public enum ChecksumAlgorithm: String, Sendable, CaseIterable, Codable, Hashable {
    /// CRC-32 (IEEE), the default of current AWS SDKs.
    case crc32 = "CRC32"
    /// CRC-32C (Castagnoli).
    case crc32c = "CRC32C"
    /// CRC-64/NVME.
    case crc64nvme = "CRC64NVME"
    /// SHA-1.
    case sha1 = "SHA1"
    /// SHA-256.
    case sha256 = "SHA256"

    /// The lower-case header suffix: `x-amz-checksum-<suffix>`.
    public var headerSuffix: String { rawValue.lowercased() }

    /// Parses the algorithm name case-insensitively.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }
}

/// A checksum value: the algorithm and the base64 of its big-endian digest.
public struct Checksum: Hashable, Sendable, Codable {
    /// The algorithm.
    public var algorithm: ChecksumAlgorithm
    /// Base64 of the digest bytes.
    public var base64: String

    /// Creates a checksum.
    public init(algorithm: ChecksumAlgorithm, base64: String) {
        self.algorithm = algorithm
        self.base64 = base64
    }
}
