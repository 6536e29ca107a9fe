/// The bytes of a source object that an UploadPartCopy takes: its first and last byte, inclusive,
/// and the range as the request spelt it (for the error that names it).
public struct CopyRange: Sendable, Equatable {
    /// The first byte, from 0.
    public var first: Int64
    /// The last byte, at least `first`; a bound past `Int64.max` is held at it.
    public var last: Int64
    /// The header's value as received (`bytes=first-last`).
    public var spelling: String

    /// A range of `first...last`; `nil` if `last` is before `first` or `first` is negative.
    public init?(first: Int64, last: Int64, spelling: String) {
        guard first >= 0, last >= first else { return nil }
        (self.first, self.last, self.spelling) = (first, last, spelling)
    }

    /// Its offset and length within an object of `size` bytes; `nil` if it reaches past the end.
    /// Compared without adding: the bounds come from a request and may be near `Int64.max`.
    public func offsetAndLength(size: Int64) -> (offset: Int64, length: Int64)? {
        guard last < size else { return nil }
        return (first, last - first + 1)
    }
}
