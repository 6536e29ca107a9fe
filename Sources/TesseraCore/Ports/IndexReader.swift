/// One range read of an ordered index: up to `limit` entries at or past `position` whose key
/// starts with `prefix`, in key order (then id order for uploads).
public struct IndexRange: Sendable, Hashable {
    /// Where the read starts.
    public var position: IndexPosition
    /// Only keys starting with these bytes.
    public var prefix: [UInt8]
    /// At most this many entries.
    public var limit: Int

    /// Creates a range read.
    public init(position: IndexPosition, prefix: [UInt8], limit: Int) {
        self.position = position
        self.prefix = prefix
        self.limit = limit
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
