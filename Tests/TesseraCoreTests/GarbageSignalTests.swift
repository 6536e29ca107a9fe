import NIOConcurrencyHelpers
import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// The engine wakes the garbage collector only when a write queued garbage: a PUT of a new key
/// or a first part used to signal it every time, and each signal cost the collector a read of its
/// queue (150,000 instructions a 4 KiB PUT under callgrind; docs/benchmarks.md).
@Suite struct GarbageSignalTests {
    let bucket = try! BucketName("bkt")

    func setUp() async throws -> (Engine, InMemoryMetadataStore, NIOLockedValueBox<Int>) {
        let meta = InMemoryMetadataStore()
        let signals = NIOLockedValueBox(0)
        let engine = Engine(metadata: meta, blobs: InMemoryBlobStore(), clock: ManualClock(),
                            garbageQueued: { signals.withLockedValue { $0 += 1 } })
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        return (engine, meta, signals)
    }

    func put(_ e: Engine, _ key: String, size: Int) async throws {
        _ = try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([bytes(size, seed: 1)]),
                                  declaredLength: Int64(size), attributes: ObjectAttributes(), check: IntegrityCheck(compute: []),
                                  caller: alice)
    }

    @Test func objectWritesSignalOnlyWhenTheyReplaceABlob() async throws {
        let (e, meta, signals) = try await setUp()
        try await put(e, "inline", size: 10)
        try await put(e, "inline", size: 20)  // an inline object over an inline object: nothing to collect
        try await put(e, "blob", size: 64 * 1024)
        #expect(signals.withLockedValue { $0 } == 0)
        #expect(try await meta.pendingGarbage(limit: 10).isEmpty)
        try await put(e, "blob", size: 10)  // replaces a blob
        #expect(signals.withLockedValue { $0 } == 1)
        #expect(try await meta.pendingGarbage(limit: 10).count == 1)
    }

    @Test func partsSignalOnlyWhenTheySupersedeAPart() async throws {
        let (e, meta, signals) = try await setUp()
        let key = try ObjectKey("mp")
        let (upload, _) = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: ObjectAttributes(),
                                                            checksumAlgorithm: nil, dialect: .s3, caller: alice)
        func part(_ n: Int) async throws {
            _ = try await e.uploadPart(bucket: bucket, key: key, uploadID: upload.id, number: PartNumber(trusted: n),
                                       body: .buffers([bytes(100, seed: UInt8(n))]), declaredLength: 100, check: IntegrityCheck(compute: []),
                                       caller: alice)
        }
        try await part(1)
        try await part(2)
        #expect(signals.withLockedValue { $0 } == 0)
        try await part(1)
        #expect(signals.withLockedValue { $0 } == 1)
        #expect(try await meta.pendingGarbage(limit: 10).count == 1)
    }
}
