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
/// items that read returned, and finally builds the page; ``Paginator/page(_:fetch:)`` only loops.
struct PageBuilder<Item: ListingItem> {
    private let query: ListingQuery
    private let prefix: [UInt8]
    private let delimiter: [UInt8]?
    private let marker: [UInt8]?
    private let limit: Int
    private var position: IndexPosition
    private var entries: [ListingEntry<Item>] = []
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
    mutating func add(_ batch: [Item]) {
        let want = nextRead?.limit ?? 0
        var passedOver = false
        // Room for the first batch at once (growing by doubling moved a 1,000-entry page's
        // records five times: 1.3 % of its instructions, callgrind).
        if entries.isEmpty { entries.reserveCapacity(min(batch.count, limit + 1)) }
        for item in batch {
            let key = item.listingKey
            guard position.admits(key: key, id: item.listingID) else {  // under a rolled-up prefix
                passedOver = true
                continue
            }
            if let delimiter, let cp = Paginator<Item>.commonPrefix(of: key, prefix: prefix, delimiter: delimiter) {
                if marker.map({ cp.lexicographicallyPrecedes($0) || cp == $0 }) != true {
                    entries.append(.commonPrefix(String(decoding: cp, as: UTF8.self)))
                }
                guard let next = KeyBytes.successor(of: cp) else {
                    done = true
                    return
                }
                position = .keyAtLeast(next)
            } else {
                if let id = item.listingID { position = .after(key: key, id: id) } else { position = .keyAfter(key) }
                // Moved, not copied (a copy retained, and the batch's end released, each of the
                // record's strings): −3.1 % of a 1,000-entry listing page's instructions (callgrind).
                entries.append(.item(consume item))
            }
            if entries.count > limit { return }
        }
        if batch.count < want {
            done = true
            return
        }
        if passedOver {
            batchSize = Paginator<Item>.initialDelimitedBatch
        } else if batchSize < Int.max / 2 {
            batchSize *= 2
        }
    }

    /// The page, once ``nextRead`` is nil; the builder gives its entries up to it.
    ///
    /// Taken, not copied: a truncated page drops its lookahead entry, and with the builder still
    /// holding the array that copied every record on it (a retain of each of its strings).
    mutating func page() -> ListingPage<Item> {
        var entries: [ListingEntry<Item>] = []
        swap(&entries, &self.entries)
        var isTruncated = false
        var lookahead: ListingEntry<Item>?
        if entries.count > limit {
            isTruncated = true
            lookahead = entries[limit]
            entries.removeLast(entries.count - limit)
            if query.endOnKeyBoundary, case .item(let next)? = lookahead, case .item(let last) = entries[limit - 1],
               next.listingKey == last.listingKey {
                let keep = entries.lastIndex { entry in
                    if case .item(let i) = entry { return i.listingKey != last.listingKey }
                    return true
                }
                if let keep { entries.removeLast(entries.count - keep - 1) }
            }
        }
        var page = ListingPage<Item>(entries: entries, isTruncated: isTruncated, nextKeyMarker: nil, nextIDMarker: nil)
        if isTruncated, case .item(let next)? = lookahead, case .item(let last)? = entries.last, next.listingKey == last.listingKey {
            page.endsInsideKey = true
        }
        if isTruncated, let last = entries.last {
            switch last {
            case .item(let i):
                page.nextKeyMarker = String(decoding: i.listingKey, as: UTF8.self)
                page.nextIDMarker = i.listingID
            case .commonPrefix(let p):
                page.nextKeyMarker = p
            }
        }
        return page
    }
}
