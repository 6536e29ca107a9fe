import Testing
import TesseraCore
import TesseraTestSupport

/// Every MetadataStore keeps each bucket's stored objects and bytes as they are written, replaced,
/// completed and deleted (the `/metrics` per-bucket gauges and the console read them; no scan).
@Suite struct ObjectTotalsContractTests {
    @Test(arguments: StoreKind.allCases)
    func totalsFollowEveryWritePath(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let other = try await bucket(s, "other")
        try await s.putObject(try object(b, "a", size: 10))
        try await s.putObject(try object(b, "b", size: 20))
        try await s.putObject(try object(other, "x", size: 7))
        #expect(try await s.objectTotals() == [ObjectTotals(bucket: b, objects: 2, bytes: 30), ObjectTotals(bucket: other, objects: 1, bytes: 7)])
        // A replacement changes bytes, not the count.
        try await s.putObject(try object(b, "a", size: 4))
        #expect(try await s.objectTotals().first == ObjectTotals(bucket: b, objects: 2, bytes: 24))
        // A completed upload is one more object of its size.
        let u = try upload(b, "c", "u1")
        try await s.createUpload(u)
        try await s.putPart(part(u, 1, blob: "p1", size: 100), bucket: b)
        _ = try await s.completeUpload(bucket: b, id: u.id) { up, _ in
            CompletionCommit(object: try object(b, "c", size: 100),
                             receipt: CompletionReceipt(bucket: b, uploadID: up.id, key: up.key, etag: ETag(hex: "00"), partsDigest: "", size: 100, completed: t0))
        }
        #expect(try await s.objectTotals().first == ObjectTotals(bucket: b, objects: 3, bytes: 124))
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("b")))
        #expect(try await !s.deleteObject(bucket: b, key: try ObjectKey("b")))
        #expect(try await s.objectTotals().first == ObjectTotals(bucket: b, objects: 2, bytes: 104))
        for key in ["a", "c"] { _ = try await s.deleteObject(bucket: b, key: try ObjectKey(key)) }
        try await s.deleteBucket(b)
        #expect(try await s.objectTotals() == [ObjectTotals(bucket: other, objects: 1, bytes: 7)])
    }
}
