import Foundation
import Testing
import TesseraCore
import TesseraSQLite

/// The engine over SQLite: the data survives reopening the database.
@Suite struct SQLiteEngineTests {
    @Test func stateSurvivesReopen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.sqlite").path
        let blobs = InMemoryBlobStore()
        var ids: [UploadID] = []
        do {
            let e = Engine(metadata: try SQLiteMetadataStore(path: path), blobs: blobs)
            let b = try BucketName("bkt")
            _ = try await e.createBucket(b, region: "", caller: owner)
            for i in 0..<20 {
                ids.append(try await e.createMultipartUpload(bucket: b, key: try ObjectKey("k\(i % 3)"), attributes: .init(),
                                                             checksumAlgorithm: nil, dialect: .s3, caller: owner).id)
            }
        }
        let e = Engine(metadata: try SQLiteMetadataStore(path: path), blobs: blobs)
        let page = try await e.listMultipartUploads(bucket: try BucketName("bkt"), query: ListingQuery(), caller: owner)
        #expect(page.items.count == 20)
        #expect(Set(page.items.map(\.id)) == Set(ids))
        let k0 = page.items.filter { $0.key.value == "k0" }
        #expect(k0.map(\.initiated) == k0.map(\.initiated).sorted())
    }
}
