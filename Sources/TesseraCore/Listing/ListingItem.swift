/// Something listed from an ordered index: ordered by key bytes, then by an optional id.
public protocol ListingItem: Sendable {
    /// The key's UTF-8 bytes.
    var listingKey: [UInt8] { get }
    /// The tie-breaker within a key (upload id), or `nil` for one entry per key.
    var listingID: String? { get }
}

extension Upload: ListingItem {
    /// The key's UTF-8 bytes.
    public var listingKey: [UInt8] { Array(key.value.utf8) }
    /// The upload id.
    public var listingID: String? { id.value }
}

extension ObjectRecord: ListingItem {
    /// The key's UTF-8 bytes.
    public var listingKey: [UInt8] { Array(key.value.utf8) }
    /// Objects have one entry per key.
    public var listingID: String? { nil }
}

/// One entry of a listing page.
public enum ListingEntry<Item: ListingItem>: Sendable {
    /// An item.
    case item(Item)
    /// Keys rolled up by the delimiter, shown once.
    case commonPrefix(String)

    /// Whether this is a common prefix (its case alone: nothing is copied).
    @inlinable public var isCommonPrefix: Bool {
        if case .commonPrefix = self { return true }
        return false
    }
}

/// What to list: a prefix, an optional delimiter, where to resume and how many entries.
public struct ListingQuery: Sendable, Hashable {
    /// Only keys starting with this.
    public var prefix: String
    /// Roll keys up at the first occurrence of this after the prefix (`nil` or empty: no roll-up).
    public var delimiter: String?
    /// Resume strictly after this key (all of its entries), unless ``idMarker`` is set.
    public var keyMarker: String?
    /// With ``keyMarker``: resume after this id within that key.
    public var idMarker: String?
    /// Most entries (items plus common prefixes) on one page; at least 1.
    public var limit: Int
    /// When truncating, end the page where one key's entries end, if the page holds another key.
    public var endOnKeyBoundary: Bool

    /// Creates a query.
    public init(prefix: String = "", delimiter: String? = nil, keyMarker: String? = nil, idMarker: String? = nil,
                limit: Int = 1000, endOnKeyBoundary: Bool = false) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.keyMarker = keyMarker
        self.idMarker = idMarker
        self.limit = limit
        self.endOnKeyBoundary = endOnKeyBoundary
    }
}
