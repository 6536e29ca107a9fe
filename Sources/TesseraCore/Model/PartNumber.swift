/// An engine part number, 1...10000. Dialects with other numbering (UFile counts from 0)
/// translate at the edge.
public struct PartNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number.
    public let value: Int

    /// The valid range.
    public static let range = 1...10_000

    /// Validates `value`.
    public init(_ value: Int) throws(StorageError) {
        guard PartNumber.range.contains(value) else {
            throw StorageError.invalidArgument(
                "Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: String(value))
        }
        self.value = value
    }

    /// Creates a number already known to be valid.
    public init(trusted value: Int) { self.value = value }

    /// Orders numerically.
    public static func < (a: PartNumber, b: PartNumber) -> Bool { a.value < b.value }
    /// The number in decimal.
    public var description: String { String(value) }
}
