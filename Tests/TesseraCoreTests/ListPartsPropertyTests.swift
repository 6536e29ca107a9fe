import Testing
import TesseraTestSupport
@testable import TesseraCore

/// For random part-number sets, re-uploads, page sizes and starting markers, ListParts pages
/// concatenate to the ascending set of current parts above the marker: no gaps, no duplicates.
@Suite struct ListPartsPropertyTests {
    @Test(arguments: 0..<25)
    func pagesConcatenateToTheAscendingPartSet(seed: Int) async throws {
        var rng = SeededRandom(seed: UInt64(seed) &* 6151 &+ 11)
        let (engine, _, _) = makeEngine()
        let bucket = try BucketName("bkt"), key = try ObjectKey("k")
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        let (upload, _) = try await engine.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: nil,
                                                            dialect: .s3, caller: alice)
        var current: [Int: Int] = [:]  // number -> size of the latest attempt
        for _ in 0..<Int.random(in: 0...60, using: &rng) {
            let n = Bool.random(using: &rng) ? Int.random(in: 1...20, using: &rng) : Int.random(in: 1...10_000, using: &rng)
            let size = Int.random(in: 0...40, using: &rng)
            _ = try await engine.uploadPart(bucket: bucket, key: key, uploadID: upload.id, number: try PartNumber(n),
                                            body: .buffers([bytes(size, seed: UInt8(n & 0xFF))]), declaredLength: Int64(size),
                                            check: .none, caller: alice)
            current[n] = size
        }
        let start = Bool.random(using: &rng) ? 0 : Int.random(in: 0...10_000, using: &rng)
        let limit = Int.random(in: 1...7, using: &rng)
        var got: [(Int, Int64)] = []
        var marker = start
        var pages = 0
        while true {
            let page = try await engine.listParts(bucket: bucket, key: key, uploadID: upload.id, marker: marker, limit: limit, caller: alice)
            #expect(page.parts.count <= limit)
            got += page.parts.map { ($0.number.value, $0.size) }
            pages += 1
            guard page.isTruncated, pages < 200 else { break }
            #expect(page.nextPartNumberMarker == page.parts.last?.number.value)
            marker = page.nextPartNumberMarker
        }
        let expected = current.filter { $0.key > start }.sorted { $0.key < $1.key }.map { ($0.key, Int64($0.value)) }
        #expect(got.map(\.0) == expected.map(\.0))
        #expect(got.map(\.1) == expected.map(\.1))
        let whole = try await engine.listParts(bucket: bucket, key: key, uploadID: upload.id, marker: 0, limit: 1000, caller: alice)
        #expect(whole.upload.partCount == current.count)
        #expect(whole.upload.bytes == Int64(current.values.reduce(0, +)))
    }
}
