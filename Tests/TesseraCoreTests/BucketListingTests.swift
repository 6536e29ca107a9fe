import Testing
import TesseraTestSupport
@testable import TesseraCore

/// ListBuckets pages (S3's `prefix`, `bucket-region`, `max-buckets`, continuation): walked page
/// by page, they give exactly the caller's matching buckets, by name, each once.
@Suite struct BucketListingTests {
    @Test(arguments: TestSeeds.seeds(Array(0..<12)))
    func pagesWalkExactlyTheMatchingBuckets(seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let (e, _, _) = makeEngine()
        let regions = ["", "eu-west-1", "us-east-1"]
        var made: [(name: String, owner: Owner, region: String)] = []
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let name = "b" + String((0..<Int.random(in: 2...5, using: &random)).map { _ in "abc.-1".randomElement(using: &random)! }) + "z"
            guard !made.contains(where: { $0.name == name }), let bucket = try? BucketName(name) else { continue }
            let owner = Bool.random(using: &random) ? alice : bob
            let region = regions.randomElement(using: &random)!
            _ = try await e.createBucket(bucket, region: region, caller: owner)
            made.append((name, owner, region))
        }
        for _ in 0..<6 {
            let prefix = ["", "b", "ba", "bc", "b-", "x"].randomElement(using: &random)!
            let region = [nil, "eu-west-1", "us-east-1"].randomElement(using: &random)!
            let limit = [nil, 1, 2, 3, 7].randomElement(using: &random)!
            let expected = made.filter { b in
                b.owner == alice && b.name.hasPrefix(prefix) && region.map { (b.region.isEmpty ? "us-east-1" : b.region) == $0 } ?? true
            }.map(\.name).sorted()
            var walked: [String] = [], after: String? = nil, pages = 0
            while true {
                let page = try await e.listBuckets(caller: alice, query: BucketListQuery(prefix: prefix, region: region, after: after, limit: limit),
                                                   defaultRegion: "us-east-1")
                pages += 1
                #expect(page.buckets.count <= limit ?? .max, "\(TestSeeds.replay(seed))")
                walked += page.buckets.map(\.name.value)
                guard page.isTruncated else { break }
                #expect(page.buckets.count == limit, "a truncated page is full: \(TestSeeds.replay(seed))")
                after = page.buckets.last?.name.value
            }
            #expect(walked == expected, "prefix \(prefix) region \(region ?? "-") limit \(limit ?? 0): \(TestSeeds.replay(seed))")
            #expect(pages == max(1, limit.map { (expected.count + $0 - 1) / $0 } ?? 1), "\(TestSeeds.replay(seed))")
        }
    }
}
