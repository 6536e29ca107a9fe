/// One page of a listing: its items and its common prefixes, each in index order, and where the
/// prefixes stand among the items.
///
/// Items and prefixes are kept apart, not as one array of ``ListingEntry``: a document reads each
/// record where it lies (binding an entry's payload copied it), −1.5 % of a 1,000-object
/// ListObjectsV2 page's instructions and −5.6 % of a 1,000-upload ListMultipartUploads page's
/// (callgrind, bench/callgrind.py); and a page without a delimiter takes the store's batch as it
/// is (see ``PageBuilder/add(_:)``).
public struct ListingPage<Item: ListingItem>: Sendable {
    /// The items on the page, in index order.
    public private(set) var items: [Item]
    /// The common prefixes on the page, in index order.
    public private(set) var commonPrefixes: [String]
    /// For each common prefix, how many entries (items and prefixes) come before it on the page.
    public private(set) var prefixPlaces: [Int]
    /// Whether more entries follow.
    public var isTruncated: Bool
    /// With ``isTruncated``: the key (or common prefix) of the last entry.
    public var nextKeyMarker: String?
    /// With ``isTruncated``: the id of the last entry if it is an item with an id.
    public var nextIDMarker: String?
    /// Whether the page stops between two entries of the same key (a resume by key alone would skip).
    public var endsInsideKey: Bool = false

    /// Creates a page from its entries in order.
    public init(entries: [ListingEntry<Item>], isTruncated: Bool, nextKeyMarker: String?, nextIDMarker: String?) {
        self.init(isTruncated: isTruncated, nextKeyMarker: nextKeyMarker, nextIDMarker: nextIDMarker)
        for entry in entries { append(entry) }
    }

    /// Creates a page without entries.
    init(isTruncated: Bool = false, nextKeyMarker: String? = nil, nextIDMarker: String? = nil) {
        items = []
        commonPrefixes = []
        prefixPlaces = []
        self.isTruncated = isTruncated
        self.nextKeyMarker = nextKeyMarker
        self.nextIDMarker = nextIDMarker
    }

    /// Items plus common prefixes.
    @inlinable public var count: Int { items.count + commonPrefixes.count }

    /// Whether the page has no entry.
    @inlinable public var isEmpty: Bool { items.isEmpty && commonPrefixes.isEmpty }

    /// The entries in index order (a copy of each item: for tests and small pages).
    public var entries: [ListingEntry<Item>] {
        var out: [ListingEntry<Item>] = []
        out.reserveCapacity(count)
        forEachEntry(item: { out.append(.item($0.pointee)) }, commonPrefix: { out.append(.commonPrefix($0)) })
        return out
    }

    /// Calls `item` or `commonPrefix` for each entry, in index order; each item is lent as in
    /// ``forEachItem(_:)``.
    @inlinable public func forEachEntry(item: (UnsafePointer<Item>) throws -> Void, commonPrefix: (String) throws -> Void) rethrows {
        try items.withUnsafeBufferPointer { all in
            guard let first = all.baseAddress else {
                for prefix in commonPrefixes { try commonPrefix(prefix) }
                return
            }
            var nextItem = 0
            for n in prefixPlaces.indices {
                let itemsBefore = prefixPlaces[n] - n
                while nextItem < itemsBefore {
                    try item(first + nextItem)
                    nextItem += 1
                }
                try commonPrefix(commonPrefixes[n])
            }
            while nextItem < all.count {
                try item(first + nextItem)
                nextItem += 1
            }
        }
    }

    /// Calls `body` with each item on the page, in order, lent where it lies: a pointer into the
    /// page's storage, valid only during the call, whose fields are read through `pointee` one by
    /// one.
    ///
    /// Lent as a value (a closure parameter, even `borrowing`), an item was copied whole and
    /// destroyed after the call: the compiler cannot prove the storage unchanged across the
    /// document writer's calls. An `ObjectRecord` is 296 bytes with a dozen counted references,
    /// 466 instructions to copy and 378 to destroy: lent by pointer, a 1,000-object ListObjectsV2
    /// page costs 4.8 % less, a 1,000-upload ListMultipartUploads page 4.2 % (callgrind,
    /// docs/benchmarks.md, "The thirty-third pass").
    @inlinable public func forEachItem(_ body: (UnsafePointer<Item>) throws -> Void) rethrows {
        try items.withUnsafeBufferPointer { all in
            guard let first = all.baseAddress else { return }
            for index in all.indices { try body(first + index) }
        }
    }

    /// The last entry, if any.
    var last: ListingEntry<Item>? {
        if let place = prefixPlaces.last, place == count - 1 { return .commonPrefix(commonPrefixes[commonPrefixes.count - 1]) }
        return items.last.map { .item($0) }
    }

    /// Adds an entry after the others.
    mutating func append(_ entry: ListingEntry<Item>) {
        switch entry {
        case .item(let item): items.append(item)
        case .commonPrefix(let prefix): appendCommonPrefix(prefix)
        }
    }

    /// Adds a common prefix after the others.
    mutating func appendCommonPrefix(_ prefix: String) {
        prefixPlaces.append(count)
        commonPrefixes.append(prefix)
    }

    /// Adds an item after the others, moved in.
    mutating func appendItem(_ item: consuming Item) {
        items.append(item)
    }

    /// Takes a first batch of items as the page's items, without copying any (the page is empty).
    mutating func takeItems(_ batch: consuming [Item]) {
        items = batch
    }

    /// Reserves room for `n` items.
    mutating func reserveItems(_ n: Int) {
        items.reserveCapacity(n)
    }

    /// Removes the last entry.
    mutating func removeLast() {
        if let place = prefixPlaces.last, place == count - 1 {
            prefixPlaces.removeLast()
            commonPrefixes.removeLast()
        } else {
            items.removeLast()
        }
    }
}
