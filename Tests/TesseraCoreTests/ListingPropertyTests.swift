import Testing
import TesseraTestSupport
@testable import TesseraCore

/// For random key sets (with `/`, unicode, keys that prefix other keys, several uploads per
/// key) and random prefix, delimiter, markers and page sizes, paging through the engine yields
/// exactly the reference model's listing: no duplicates, no gaps, right order — over every
/// ``MetadataStore`` (in memory and SQLite). A failure names its seed; `TESSERA_SEED` replays it.
@Suite struct ListingPropertyTests {
    static let fragments = ["a", "b", "/", "a/", "é", "😀", "-", "~", "ab", "z", " ", "+", "\u{7F}", "//", "日本"]

    static func randomKey(_ rng: inout SeededRandom) -> String {
        let n = Int.random(in: 1...5, using: &rng)
        return (0..<n).map { _ in fragments.randomElement(using: &rng)! }.joined()
    }

    static func randomPrefix(_ rng: inout SeededRandom, keys: [String]) -> String {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return ""
        case 1: let k = keys.randomElement(using: &rng)!; return String(k.prefix(Int.random(in: 0...k.count, using: &rng)))
        case 2: return fragments.randomElement(using: &rng)!
        default: return ""
        }
    }

    /// Populates an engine with uploads and returns (key, id) pairs.
    static func populate(seed: UInt64, store: StoreKind) async throws -> (Engine, [(key: String, id: String?)], SeededRandom) {
        var rng = SeededRandom(seed: seed)
        let clock = ManualClock()
        let engine = Engine(metadata: try await store.make(), blobs: InMemoryBlobStore(), clock: clock)
        let bucket = try BucketName("bkt")
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        let keys = (0..<Int.random(in: 1...40, using: &rng)).map { _ in randomKey(&rng) }
        var items: [(key: String, id: String?)] = []
        for _ in 0..<Int.random(in: 1...120, using: &rng) {
            let k = keys.randomElement(using: &rng)!
            clock.advance(microseconds: Int64.random(in: 0...3, using: &rng))
            let (u, _) = try await engine.createMultipartUpload(bucket: bucket, key: try ObjectKey(k), attributes: .init(),
                                                           checksumAlgorithm: nil, dialect: .s3, caller: alice)
            items.append((k, u.id.value))
        }
        return (engine, items, rng)
    }

    @Test(arguments: StoreKind.allCases, TestSeeds.seeds(Array(0..<40)))
    func pagesConcatenateToTheModel(store: StoreKind, seed: UInt64) async throws {
        var (engine, items, rng) = try await Self.populate(seed: seed &* 7919, store: store)
        let keys = items.map(\.key)
        let bucket = try BucketName("bkt")
        for _ in 0..<6 {
            let prefix = Self.randomPrefix(&rng, keys: keys)
            let delimiter: String? = [nil, "/", "a", "é", "//"].randomElement(using: &rng)!
            let limit = Int.random(in: 1...12, using: &rng)
            var startMarker: String? = nil
            var startID: String? = nil
            if Bool.random(using: &rng) {
                let pick = items.randomElement(using: &rng)!
                startMarker = Bool.random(using: &rng) ? pick.key : Self.randomKey(&rng)
                if Bool.random(using: &rng) { startID = pick.id }
            }
            let expected = ListingModel.list(items, prefix: prefix, delimiter: delimiter, keyMarker: startMarker, idMarker: startID)

            var got: [ListingModel.Entry] = []
            var keyMarker = startMarker, idMarker = startID
            var pages = 0
            while true {
                let page = try await engine.listMultipartUploads(
                    bucket: bucket, query: ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: keyMarker, idMarker: idMarker, limit: limit),
                    caller: alice)
                #expect(page.entries.count <= limit)
                got += ListingModel.entries(page)
                pages += 1
                #expect((page.nextKeyMarker != nil) == page.isTruncated)
                guard page.isTruncated else { break }
                #expect(!page.entries.isEmpty)
                keyMarker = page.nextKeyMarker
                idMarker = page.nextIDMarker
                #expect(pages < 500)
                if pages >= 500 { break }
            }
            #expect(got == expected, "\(TestSeeds.replay(seed)) prefix \(prefix.debugDescription) delimiter \(String(describing: delimiter)) limit \(limit)")
        }
    }

    @Test(arguments: StoreKind.allCases, TestSeeds.seeds(Array(0..<20)))
    func keyBoundaryPagesResumeWithKeyMarkerOnly(store: StoreKind, seed: UInt64) async throws {
        // BOS's SDK resumes with keyMarker alone; pages that end on a key boundary make that exact
        // whenever no key has more uploads than a page holds.
        var (engine, items, rng) = try await Self.populate(seed: seed &* 104_729 &+ 1, store: store)
        let perKey = Dictionary(grouping: items, by: \.key).mapValues(\.count)
        let limit = max(perKey.values.max()! + Int.random(in: 0...3, using: &rng), 1)
        let bucket = try BucketName("bkt")
        let expected = ListingModel.list(items, prefix: "", delimiter: nil, keyMarker: nil, idMarker: nil)
        var got: [ListingModel.Entry] = []
        var keyMarker: String? = nil
        while true {
            let page = try await engine.listMultipartUploads(
                bucket: bucket, query: ListingQuery(keyMarker: keyMarker, limit: limit, endOnKeyBoundary: true), caller: alice)
            got += ListingModel.entries(page)
            guard page.isTruncated else { break }
            keyMarker = page.nextKeyMarker
        }
        #expect(got == expected, "\(TestSeeds.replay(seed))")
    }

    @Test func uploadIDMarkerWithinOneKey() async throws {
        let (engine, _, _) = makeEngine()
        let bucket = try BucketName("bkt")
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        var ids: [String] = []
        for _ in 0..<5 {
            ids.append(try await engine.createMultipartUpload(bucket: bucket, key: try ObjectKey("same"), attributes: .init(),
                                                              checksumAlgorithm: nil, dialect: .s3, caller: alice).upload.id.value)
        }
        #expect(ids == ids.sorted())
        let page = try await engine.listMultipartUploads(bucket: bucket, query: ListingQuery(keyMarker: "same", idMarker: ids[1]), caller: alice)
        #expect(page.items.map(\.id.value) == Array(ids[2...]))
        let after = try await engine.listMultipartUploads(bucket: bucket, query: ListingQuery(keyMarker: "same"), caller: alice)
        #expect(after.items.isEmpty)
    }

    @Test func commonPrefixSkipsAheadInOneSeek() async throws {
        // 500 uploads under one prefix roll up into one entry with a handful of index reads.
        let meta = InMemoryMetadataStore()
        let bucket = try BucketName("bkt")
        let e = Engine(metadata: meta, blobs: InMemoryBlobStore())
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        for i in 0..<500 {
            _ = try await e.createMultipartUpload(bucket: bucket, key: try ObjectKey("logs/\(i)"), attributes: .init(), checksumAlgorithm: nil, dialect: .s3, caller: alice)
        }
        _ = try await e.createMultipartUpload(bucket: bucket, key: try ObjectKey("z"), attributes: .init(), checksumAlgorithm: nil, dialect: .s3, caller: alice)
        let counter = FetchCounter()
        let page = try await meta.readUploadIndex(bucket: bucket) { reader in
            try Paginator<Upload>.page(ListingQuery(delimiter: "/", limit: 1000), reader: IndexReader { range in
                let rows = try reader.read(range)
                counter.add(rows.count)
                return rows
            })
        }
        #expect(page.commonPrefixes == ["logs/"])
        #expect(page.items.map(\.key.value) == ["z"])
        #expect(counter.rows <= 40, "rows read: \(counter.rows)")
        #expect(counter.calls <= 3)
    }
}

final class FetchCounter: @unchecked Sendable {
    private(set) var rows = 0
    private(set) var calls = 0
    func add(_ n: Int) { rows += n; calls += 1 }
}
