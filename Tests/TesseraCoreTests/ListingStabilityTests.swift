import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// Design §5: listing is stable under concurrent change. Between the page requests of one
/// walk, uploads of other keys are created (before and after the cursor), completed and
/// aborted; every upload of the stable set that matches the prefix still appears exactly once
/// and in order, and nothing appears twice — over every ``MetadataStore``.
@Suite struct ListingStabilityTests {
    @Test(arguments: StoreKind.allCases, TestSeeds.seeds(Array(0..<12)))
    func stableSetIsNeitherSkippedNorRepeated(store: StoreKind, seed: UInt64) async throws {
        var rng = SeededRandom(seed: seed &* 31_337 &+ 5)
        let clock = ManualClock()
        let engine = Engine(metadata: try await store.make(), blobs: InMemoryBlobStore(), clock: clock)
        let bucket = try BucketName("bkt")
        _ = try await engine.createBucket(bucket, region: "", caller: alice)

        func create(_ key: String) async throws -> Upload {
            clock.advance(microseconds: Int64.random(in: 1...3, using: &rng))
            return try await engine.createMultipartUpload(bucket: bucket, key: try ObjectKey(key), attributes: .init(), checksumAlgorithm: nil,
                                                          dialect: .bos, caller: alice).upload
        }
        var stable: [Upload] = []
        for _ in 0..<Int.random(in: 20...60, using: &rng) { stable.append(try await create(ListingPropertyTests.randomKey(&rng))) }
        var others: [Upload] = []
        for _ in 0..<10 { others.append(try await create("~other/" + ListingPropertyTests.randomKey(&rng))) }

        let prefix = Bool.random(using: &rng) ? "" : ListingPropertyTests.fragments.randomElement(using: &rng)!
        let limit = Int.random(in: 1...7, using: &rng)
        var seen: [String] = []
        var marker: (key: String?, id: String?) = (nil, nil)
        var pages = 0
        while pages < 1_000 {
            let page = try await engine.listMultipartUploads(
                bucket: bucket, query: ListingQuery(prefix: prefix, keyMarker: marker.key, idMarker: marker.id, limit: limit), caller: alice)
            seen += page.items.map { "\($0.key.value)#\($0.id.value)" }
            pages += 1
            guard page.isTruncated else { break }
            marker = (page.nextKeyMarker, page.nextIDMarker)
            // Change the index between pages: new uploads of other keys anywhere in key order,
            // and completions and aborts of earlier other uploads.
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: others.append(try await create(ListingPropertyTests.randomKey(&rng) + "~new\(pages)"))
                case 1 where !others.isEmpty: try await complete(others.removeLast(), engine: engine, bucket: bucket)
                default:
                    if !others.isEmpty {
                        let u = others.remove(at: Int.random(in: 0..<others.count, using: &rng))
                        try await engine.abortMultipartUpload(bucket: bucket, key: u.key, uploadID: u.id, caller: alice)
                    }
                }
            }
        }
        let replay = TestSeeds.replay(seed)
        #expect(Set(seen).count == seen.count, "an upload was listed twice; \(replay)")
        let expected = stable.filter { $0.key.value.utf8.starts(with: prefix.utf8) }
            .sorted { ($0.key.value.utf8.lexicographicallyPrecedes($1.key.value.utf8)) || ($0.key == $1.key && $0.id < $1.id) }
            .map { "\($0.key.value)#\($0.id.value)" }
        let stableSeen = seen.filter { Set(expected).contains($0) }
        #expect(stableSeen == expected, "stable uploads skipped, repeated or out of order; \(replay)")
        #expect(seen == seen.sorted { a, b in
            let (ka, ia) = split(a), (kb, ib) = split(b)
            return ka == kb ? ia < ib : ka.utf8.lexicographicallyPrecedes(kb.utf8)
        }, "the walk went backwards; \(replay)")
    }

    func complete(_ u: Upload, engine: Engine, bucket: BucketName) async throws {
        let data = ByteBuffer(string: "part of \(u.key.value)")
        let (part, _) = try await engine.uploadPart(bucket: bucket, key: u.key, uploadID: u.id, number: try PartNumber(1), body: .buffers([data]),
                                                    declaredLength: Int64(data.readableBytes), check: IntegrityCheck(), caller: alice)
        _ = try await engine.completeMultipartUpload(bucket: bucket, key: u.key, uploadID: u.id,
                                                     parts: [RequestedPart(number: part.number, etag: part.etag.quoted)], caller: alice)
    }

    func split(_ entry: String) -> (String, String) {
        let hash = entry.lastIndex(of: "#")!
        return (String(entry[..<hash]), String(entry[entry.index(after: hash)...]))
    }
}
