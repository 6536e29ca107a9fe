/// A validated bucket name: 3–63 characters of lower-case letters, digits, `.` and `-`,
/// starting and ending with a letter or digit, not shaped like an IP address.
public struct BucketName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name as given.
    public let value: String

    /// Validates `value` with S3's bucket naming rules.
    public init(_ value: String) throws(StorageError) {
        guard BucketName.isValid(value) else {
            throw StorageError(.invalidBucketName, "The specified bucket is not valid.", context: ErrorContext(bucket: value))
        }
        self.value = value
    }

    /// Creates a name already known to be valid (read back from storage).
    public init(trusted value: String) { self.value = value }

    static func isValid(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        for (i, b) in bytes.enumerated() {
            if alnum(b) || b == UInt8(ascii: "-") { continue }
            if b == UInt8(ascii: ".") {
                if i > 0 && (bytes[i - 1] == UInt8(ascii: ".") || bytes[i - 1] == UInt8(ascii: "-")) { return false }
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") { return false }
                continue
            }
            return false
        }
        // Not an IP address: only a name with three dots can be one (split on the byte, not on
        // `Character`s, which cost 4,000 instructions a request; callgrind).
        guard bytes.count(where: { $0 == UInt8(ascii: ".") }) == 3 else { return true }
        let parts = s.splitASCII(UInt8(ascii: "."))
        return !(parts.count == 4 && parts.allSatisfy({ UInt8($0) != nil }))
    }

    /// The name.
    public var description: String { value }
    /// Orders by name.
    public static func < (a: BucketName, b: BucketName) -> Bool { a.value.utf8.lexicographicallyPrecedes(b.value.utf8) }
}
