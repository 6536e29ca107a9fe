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

    /// Calls `body` with each item on the page, in order, without gathering them in an array
    /// first (``items`` copies each item, and the array is dropped after).
    @inlinable public func forEachItem(_ body: (Item) throws -> Void) rethrows {
        for index in entries.indices {
            if case .item(let item) = entries[index] { try body(item) }
        }
    }

    /// The items on the page.
    @inlinable public var items: [Item] { entries.compactMap { if case .item(let i) = $0 { return i } else { return nil } } }
    /// The common prefixes on the page. A page without any (every page of a listing without a
    /// delimiter) is told by the entries' cases alone: binding each entry copied its whole item
    /// and dropped it, 7 % of the instructions of a 1,000-object ListObjectsV2 page (callgrind).
    @inlinable public var commonPrefixes: [String] {
        guard entries.contains(where: { $0.isCommonPrefix }) else { return [] }
        return entries.compactMap { if case .commonPrefix(let p) = $0 { return p } else { return nil } }
    }
}
