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

    /// The algorithm whose raw value is `name`'s bytes (ASCII, upper-case), compared byte by byte.
    ///
    /// The candidate is told by the length (and one byte), then its bytes compared: listed objects
    /// read their stored checksums this way, 330 instructions each through `String.UTF8View`
    /// comparisons before (callgrind, docs/benchmarks.md, the twenty-first pass).
    public init?(name: UnsafeBufferPointer<UInt8>) {
        let candidate: ChecksumAlgorithm
        switch name.count {
        case 4: candidate = .sha1
        case 5: candidate = .crc32
        case 6 where name[0] == UInt8(ascii: "S"): candidate = .sha256
        case 6: candidate = .crc32c
        case 9: candidate = .crc64nvme
        default: return nil
        }
        let expected = candidate.spelling.utf8Start
        for i in 0..<name.count where name[i] != expected[i] { return nil }
        self = candidate
    }

    /// The raw value as a literal, for documents that write it without a `String` (a listing
    /// names one an object).
    public var spelling: StaticString {
        switch self {
        case .crc32: "CRC32"
        case .crc32c: "CRC32C"
        case .crc64nvme: "CRC64NVME"
        case .sha1: "SHA1"
        case .sha256: "SHA256"
        }
    }

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

/// How a multipart object's checksum is built from its parts' (`x-amz-checksum-type`).
public enum ChecksumType: String, Sendable, CaseIterable, Codable, Hashable {
    /// The checksum of the concatenated part checksums, shown as `<base64>-<parts>`.
    case composite = "COMPOSITE"
    /// The checksum of the whole object's bytes, combined from the parts' CRCs.
    case fullObject = "FULL_OBJECT"

    /// Parses the type name case-insensitively.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// The raw value as a literal (see ``ChecksumAlgorithm/spelling``).
    public var spelling: StaticString {
        switch self {
        case .composite: "COMPOSITE"
        case .fullObject: "FULL_OBJECT"
        }
    }
}

extension ChecksumAlgorithm {
    /// Whether part checksums combine into a whole-object one (the CRCs).
    public var combinesFullObject: Bool {
        switch self {
        case .crc32, .crc32c, .crc64nvme: return true
        case .sha1, .sha256: return false
        }
    }

    /// The type an upload gets when none is named: FULL_OBJECT for CRC-64/NVME (S3 has no
    /// composite form of it), COMPOSITE for the others.
    public var defaultType: ChecksumType { self == .crc64nvme ? .fullObject : .composite }

    /// Whether S3 allows this algorithm with `type`: FULL_OBJECT only for the CRCs, COMPOSITE for
    /// every algorithm but CRC-64/NVME.
    public func allows(_ type: ChecksumType) -> Bool {
        type == .fullObject ? combinesFullObject : self != .crc64nvme
    }
}

extension Checksum {
    /// A composite value (`<base64>-<parts>`) is a checksum of checksums, not of the bytes.
    ///
    /// Looked for in the UTF-8 bytes: `contains("-")` resolves to Foundation's substring search
    /// through `NSString`, ~2,000 instructions a value, which a listing paid for each object it
    /// names the checksum type of; the generic walk of `String.UTF8View` still cost ~140 a value
    /// (callgrind, docs/benchmarks.md, the twenty-second pass).
    public var isComposite: Bool {
        let dash = UInt8(ascii: "-")
        return base64.utf8.withContiguousStorageIfAvailable { $0.contains(dash) } ?? base64.utf8.contains(dash)
    }
    /// The type this value is: COMPOSITE for `<base64>-<parts>`, else FULL_OBJECT.
    public var type: ChecksumType { isComposite ? .composite : .fullObject }
    /// The base64 digest without a composite's `-<parts>` suffix.
    public var digestBase64: Substring { base64.split(separator: "-", maxSplits: 1).first ?? Substring(base64) }
}
