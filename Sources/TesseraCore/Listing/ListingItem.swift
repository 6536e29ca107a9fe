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

/// One page of a listing.
public struct ListingPage<Item: ListingItem>: Sendable {
    /// Items and common prefixes, in index order.
    public var entries: [ListingEntry<Item>]
    /// Whether more entries follow.
    public var isTruncated: Bool
    /// With ``isTruncated``: the key (or common prefix) of the last entry.
    public var nextKeyMarker: String?
    /// With ``isTruncated``: the id of the last entry if it is an item with an id.
    public var nextIDMarker: String?
    /// Whether the page stops between two entries of the same key (a resume by key alone would skip).
    public var endsInsideKey: Bool = false

    /// Creates a page.
    public init(entries: [ListingEntry<Item>], isTruncated: Bool, nextKeyMarker: String?, nextIDMarker: String?) {
        self.entries = entries
        self.isTruncated = isTruncated
        self.nextKeyMarker = nextKeyMarker
        self.nextIDMarker = nextIDMarker
    }

    /// The items on the page.
    public var items: [Item] { entries.compactMap { if case .item(let i) = $0 { return i } else { return nil } } }
    /// The common prefixes on the page.
    public var commonPrefixes: [String] { entries.compactMap { if case .commonPrefix(let p) = $0 { return p } else { return nil } } }
}
