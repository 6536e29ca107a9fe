/// One range read of an ordered index: up to `limit` entries at or past `position` whose key
/// starts with `prefix`, in key order (then id order for uploads).
public struct IndexRange: Sendable, Hashable {
    /// Where the read starts.
    public var position: IndexPosition
    /// Only keys starting with these bytes.
    public var prefix: [UInt8]
    /// At most this many entries.
    public var limit: Int
    /// A hint for stores that can seek inside one read: after an entry whose key holds this
    /// delimiter past the prefix, the reader wants next only keys past that common prefix (the
    /// paginator rolls the others up). A store may skip to them or return the range as it is.
    public var delimiter: [UInt8]?

    /// Creates a range read.
    public init(position: IndexPosition, prefix: [UInt8], limit: Int, delimiter: [UInt8]? = nil) {
        self.position = position
        self.prefix = prefix
        self.limit = limit
        self.delimiter = delimiter
    }
}

/// Range reads of one index that all see one snapshot. A store hands one to the body of
/// ``MetadataStore/readUploadIndex(bucket:_:)`` (or the object index's); it knows nothing of how
/// the reads are combined into a listing page.
public struct IndexReader<Entry> {
    private let body: (IndexRange) throws -> [Entry]

    /// A reader that answers each range with `read`.
    public init(_ read: @escaping (IndexRange) throws -> [Entry]) { body = read }

    /// The entries of one range.
    public func read(_ range: IndexRange) throws -> [Entry] { try body(range) }
}
