/// A validated object key: 1 to 1024 bytes of UTF-8 without NUL (which XML cannot carry and
/// BOS resume markers use as a separator). Keys are data, never paths.
public struct ObjectKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as given.
    public let value: String

    /// The longest key S3 accepts, in UTF-8 bytes.
    public static let maxLength = 1024

    /// Validates `value`.
    public init(_ value: String) throws(StorageError) {
        guard !value.isEmpty else {
            throw StorageError(.invalidArgument, "Object key must not be empty.", context: ErrorContext(argument: .init(name: "key", value: "")))
        }
        guard !value.utf8.contains(0) else {
            throw StorageError(.invalidArgument, "Object keys may not contain NUL.", context: ErrorContext(argument: .init(name: "key", value: value)))
        }
        guard value.utf8.count <= ObjectKey.maxLength else {
            throw StorageError(.keyTooLong, "Your key is too long", context: ErrorContext(key: value))
        }
        self.value = value
    }

    /// Creates a key already known to be valid (read back from storage).
    public init(trusted value: String) { self.value = value }

    /// The key.
    public var description: String { value }
}
