/// Builds listing pages from an ordered index, read through an ``IndexReader``.
///
/// Each index read is a range scan from a position. A key that rolls up into a common prefix
/// makes the paginator jump past every key with that prefix (one seek), so a page costs
/// O(log N + page + common prefixes) index work however many entries exist.
///
/// Rules (S3's, shared by every dialect):
/// - entries are ordered by key bytes, then id; only keys starting with the prefix appear;
/// - `keyMarker` alone resumes strictly after that key; with `idMarker`, after that id within it;
/// - a common prefix appears once, and only if it sorts after the key marker (a prefix at or
///   before the marker was shown on an earlier page);
/// - the page is truncated exactly when more entries exist.
public enum Paginator<Item: ListingItem> {
    /// First read size when a delimiter is set.
    static var initialDelimitedBatch: Int { 2 }

    /// Produces one page from range reads of one snapshot.
    public static func page(_ query: ListingQuery, reader: IndexReader<Item>) throws -> ListingPage<Item> {
        var builder = PageBuilder<Item>(query)
        while let range = builder.nextRead { builder.add(try reader.read(range)) }
        return builder.page()
    }

    /// The common prefix `key` rolls up into, or `nil` if the delimiter does not occur after the prefix.
    public static func commonPrefix(of key: [UInt8], prefix: [UInt8], delimiter: [UInt8]) -> [UInt8]? {
        guard key.count >= prefix.count + delimiter.count else { return nil }
        var i = prefix.count
        let last = key.count - delimiter.count
        while i <= last {
            if key[i] == delimiter[0] && key[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                return Array(key[0..<(i + delimiter.count)])
            }
            i += 1
        }
        return nil
    }
}

/// The listing algorithm as a state machine: it says which index read it needs next, takes the
/// items that read returned, and finally builds the page; ``Paginator/page(_:reader:)`` only loops.
struct PageBuilder<Item: ListingItem> {
    private let query: ListingQuery
    private let prefix: [UInt8]
    private let delimiter: [UInt8]?
    private let marker: [UInt8]?
    private let limit: Int
    private var position: IndexPosition
    /// The entries so far, with the lookahead entry that tells whether more follow.
    private var entries = ListingPage<Item>()
    /// With a delimiter, a batch may end at the first key of a rolled-up prefix, so reads start
    /// small and double while keys keep being listed, and shrink again after a jump.
    private var batchSize: Int
    private var done = false

    init(_ query: ListingQuery) {
        self.query = query
        prefix = Array(query.prefix.utf8)
        delimiter = query.delimiter.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        marker = query.keyMarker.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        limit = max(1, query.limit)
        if let marker {
            if let id = query.idMarker, !id.isEmpty {
                position = .after(key: marker, id: id)
            } else {
                position = .keyAfter(marker)
            }
        } else {
            position = prefix.isEmpty ? .start : .keyAtLeast(prefix)
        }
        batchSize = delimiter == nil ? Int.max : Paginator<Item>.initialDelimitedBatch
    }

    /// The read the page needs next; nil once it has all it needs.
    var nextRead: IndexRange? {
        guard !done, entries.count <= limit else { return nil }
        return IndexRange(position: position, prefix: prefix, limit: min(limit + 1 - entries.count, batchSize), delimiter: delimiter)
    }

    /// Takes the items the last ``nextRead`` returned.
    ///
    /// After a roll-up the rest of the batch is read on from the jump: entries under the rolled-up
    /// prefix are passed over, and the first past it (from a store that skipped to it, see
    /// ``IndexRange/delimiter``, or one the range happened to hold) goes on the page without
    /// another read. Reads double while nothing is passed over and fall back to the first size
    /// when something was (a store that does not skip, under a prefix with many keys).
    mutating func add(_ batch: consuming [Item]) {
        let want = nextRead?.limit ?? 0
        let count = batch.count
        // Without a delimiter the first batch is the page as it stands, once its first item is
        // admitted (a batch is in index order): taken whole, no key made into bytes and no
        // record copied for each item (−8.2 % of a 1,000-object ListObjectsV2 page, −8.5 % of a
        // 1,000-upload ListMultipartUploads page: callgrind, bench/callgrind.py).
        if delimiter == nil, entries.isEmpty, let first = batch.first, position.admits(key: first.listingKey, id: first.listingID) {
            if let last = batch.last { position = Self.after(last) }
            entries.takeItems(batch)
            if count < want { done = true }
            return
        }
        var passedOver = false
        // Room for the first batch at once (growing by doubling moved a 1,000-entry page's
        // records five times: 1.3 % of its instructions, callgrind).
        if entries.isEmpty { entries.reserveItems(min(batch.count, limit + 1)) }
        for item in batch {
            let key = item.listingKey
            guard position.admits(key: key, id: item.listingID) else {  // under a rolled-up prefix
                passedOver = true
                continue
            }
            if let delimiter, let cp = Paginator<Item>.commonPrefix(of: key, prefix: prefix, delimiter: delimiter) {
                if marker.map({ cp.lexicographicallyPrecedes($0) || cp == $0 }) != true {
                    entries.appendCommonPrefix(String(decoding: cp, as: UTF8.self))
                }
                guard let next = KeyBytes.successor(of: cp) else {
                    done = true
                    return
                }
                position = .keyAtLeast(next)
            } else {
                position = Self.after(item, key: key)
                // Moved, not copied (a copy retained, and the batch's end released, each of the
                // record's strings): −3.1 % of a 1,000-entry listing page's instructions (callgrind).
                entries.appendItem(consume item)
            }
            if entries.count > limit { return }
        }
        if count < want {
            done = true
            return
        }
        if passedOver {
            batchSize = Paginator<Item>.initialDelimitedBatch
        } else if batchSize < Int.max / 2 {
            batchSize *= 2
        }
    }

    /// The position just past `item`.
    private static func after(_ item: Item, key: [UInt8]? = nil) -> IndexPosition {
        let key = key ?? item.listingKey
        if let id = item.listingID { return .after(key: key, id: id) }
        return .keyAfter(key)
    }

    /// The page, once ``nextRead`` is nil; the builder gives its entries up to it.
    ///
    /// Taken, not copied: a truncated page drops its lookahead entry, and with the builder still
    /// holding the entries that copied every record on it (a retain of each of its strings).
    mutating func page() -> ListingPage<Item> {
        var page = ListingPage<Item>()
        swap(&page, &entries)
        guard page.count > limit else { return page }
        page.isTruncated = true
        while page.count > limit + 1 { page.removeLast() }  // a store that gave more than was asked
        guard case .item(let next)? = page.last else {
            page.removeLast()
            return Self.marked(page)
        }
        page.removeLast()
        guard case .item(let last)? = page.last, next.listingKey == last.listingKey else { return Self.marked(page) }
        if query.endOnKeyBoundary {
            // End after the last entry of another key, if the page holds one.
            let key = last.listingKey
            let firstInTail = page.prefixPlaces.last.map { $0 - (page.commonPrefixes.count - 1) } ?? 0
            var trailing = 0
            while page.items.count - trailing - 1 >= firstInTail, page.items[page.items.count - trailing - 1].listingKey == key {
                trailing += 1
            }
            if trailing < page.count {
                for _ in 0..<trailing { page.removeLast() }
                return Self.marked(page)
            }
        }
        page.endsInsideKey = true
        return Self.marked(page)
    }

    /// A truncated page with the markers of its last entry.
    private static func marked(_ page: consuming ListingPage<Item>) -> ListingPage<Item> {
        switch page.last {
        case .item(let i)?:
            page.nextKeyMarker = String(decoding: i.listingKey, as: UTF8.self)
            page.nextIDMarker = i.listingID
        case .commonPrefix(let p)?:
            page.nextKeyMarker = p
        case nil:
            break
        }
        return page
    }
}
