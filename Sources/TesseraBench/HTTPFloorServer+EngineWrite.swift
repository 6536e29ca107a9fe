import Foundation
import TesseraCore
import TesseraSQLite

extension HTTPFloorServer {
    /// ``Mode/engineWrite``'s work: an engine on a SQLite store in a new temporary directory
    /// (removed when `body` returns), with one bucket, handed to `body` as a closure that starts
    /// an upload in it. Each call is an initiate's engine call and durable metadata write
    /// (`Engine.createMultipartUpload`: the bucket's cached record, a new id, the store's group
    /// commit and its fsynced write-ahead log); what an initiate adds to it is the signature, the
    /// routing, the XML answer and Tessera's own HTTP layers.
    ///
    /// When `body` returns, prints how many uploads the store holds (what a test checks).
    static func withInitiatingEngine(_ body: (@escaping FloorHandler.Work) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-floor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteMetadataStore(path: directory + "/metadata.sqlite")
        let engine = Engine(metadata: store, blobs: InMemoryBlobStore(), clock: SystemClock())
        let owner = Owner(id: "floor", displayName: "floor")
        let bucket = try BucketName("floor")
        _ = try await engine.createBucket(bucket, region: "", caller: owner)
        let key = try ObjectKey("floor/key")
        try await body {
            _ = try await engine.createMultipartUpload(bucket: bucket, key: key, attributes: ObjectAttributes(),
                                                       checksumAlgorithm: nil, dialect: .s3, caller: owner)
        }
        let started = try await store.uploadTotals().reduce(0) { $0 + $1.uploads }
        print("engine-write: \(started) uploads started")
    }
}
