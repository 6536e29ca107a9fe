import Testing
import TesseraTestSupport
@testable import TesseraCore

/// A page keeps items and common prefixes apart; these check that the order between them, the
/// last entry, and a truncated page's end on a key boundary come out as one ordered list would.
@Suite struct ListingPageTests {
    struct Entry: ListingItem, Equatable {
        var key: String
        var listingID: String?
        var listingKey: [UInt8] { Array(key.utf8) }
    }

    static func describe(_ page: ListingPage<Entry>) -> [String] {
        var out: [String] = []
        page.forEachEntry(item: { out.append("\($0.pointee.key)#\($0.pointee.listingID ?? "")") }, commonPrefix: { out.append("[\($0)]") })
        return out
    }

    @Test(arguments: TestSeeds.seeds(Array(0..<30)))
    func entriesKeepTheirOrderAndTheLastOneComesOffFirst(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var entries: [ListingEntry<Entry>] = []
        for n in 0..<Int.random(in: 0...12, using: &rng) {
            entries.append(Bool.random(using: &rng) ? .item(Entry(key: "k\(n)", listingID: "u\(n)")) : .commonPrefix("p\(n)/"))
        }
        var page = ListingPage<Entry>(entries: entries, isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil)
        var expected = entries.map { e -> String in
            switch e {
            case .item(let i): "\(i.key)#\(i.listingID ?? "")"
            case .commonPrefix(let p): "[\(p)]"
            }
        }
        #expect(Self.describe(page) == expected, "\(TestSeeds.replay(seed))")
        #expect(page.count == entries.count && page.isEmpty == entries.isEmpty)
        var items: [String] = []
        page.forEachItem { items.append($0.pointee.key) }
        #expect(items == page.items.map(\.key))
        #expect(page.commonPrefixes == expected.filter { $0.hasPrefix("[") }.map { String($0.dropFirst().dropLast()) })
        while !page.isEmpty {
            let last: String
            switch page.last {
            case .item(let i)?: last = "\(i.key)#\(i.listingID ?? "")"
            case .commonPrefix(let p)?: last = "[\(p)]"
            case nil: Issue.record("no last entry on a page of \(page.count)"); return
            }
            #expect(last == expected.removeLast(), "\(TestSeeds.replay(seed))")
            page.removeLast()
            #expect(Self.describe(page) == expected, "\(TestSeeds.replay(seed))")
        }
    }

    static func page(_ entries: [Entry], _ query: ListingQuery) throws -> ListingPage<Entry> {
        try Paginator<Entry>.page(query, reader: IndexReader { range in
            entries.filter { range.position.admits(key: $0.listingKey, id: $0.listingID) }.prefix(range.limit).map { $0 }
        })
    }

    @Test func aPageOfOneKeyEndsInsideIt() throws {
        let entries = (0..<5).map { Entry(key: "same", listingID: "u\($0)") }
        let page = try Self.page(entries, ListingQuery(limit: 3, endOnKeyBoundary: true))
        #expect(page.items.map(\.listingID) == ["u0", "u1", "u2"])
        #expect(page.isTruncated && page.endsInsideKey)
        #expect(page.nextKeyMarker == "same" && page.nextIDMarker == "u2")
    }

    @Test func aPageEndsAfterTheLastKeyItHoldsWhole() throws {
        let entries = [Entry(key: "a", listingID: "u0")] + (1..<5).map { Entry(key: "b", listingID: "u\($0)") }
        let page = try Self.page(entries, ListingQuery(limit: 3, endOnKeyBoundary: true))
        #expect(page.items.map(\.key) == ["a"])
        #expect(page.isTruncated && !page.endsInsideKey)
        #expect(page.nextKeyMarker == "a" && page.nextIDMarker == "u0")
        let plain = try Self.page(entries, ListingQuery(limit: 3))
        #expect(plain.items.map(\.listingID) == ["u0", "u1", "u2"])
        #expect(plain.isTruncated && plain.endsInsideKey && plain.nextIDMarker == "u2")
    }

    @Test func aStoreThatGivesMoreThanAskedStillMakesAPageOfTheLimit() throws {
        let entries = (0..<10).map { Entry(key: "k\($0)", listingID: nil) }
        let page = try Paginator<Entry>.page(ListingQuery(limit: 4), reader: IndexReader { _ in entries })
        #expect(page.items.map(\.key) == ["k0", "k1", "k2", "k3"])
        #expect(page.isTruncated && page.nextKeyMarker == "k3" && !page.endsInsideKey)
    }
}
