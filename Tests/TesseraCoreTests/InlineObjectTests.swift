import Crypto
import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// Small objects are stored inline with their metadata record: no blob, same bytes, ETag,
/// ranges, copies and errors as an object in a blob.
@Suite struct InlineObjectTests {
    let bucket = try! BucketName("bkt")

    func setUp(limit: Int = 16 * 1024) async throws -> (Engine, InMemoryMetadataStore, InMemoryBlobStore) {
        let meta = InMemoryMetadataStore()
        let blobs = InMemoryBlobStore()
        var configuration = EngineConfiguration()
        configuration.inlineObjectLimit = limit
        let engine = Engine(metadata: meta, blobs: blobs, clock: ManualClock(), configuration: configuration)
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        return (engine, meta, blobs)
    }

    func put(_ e: Engine, _ key: String, _ data: ByteBuffer, declared: Int64? = nil, chunks: Int = 1) async throws -> ObjectRecord {
        let size = data.readableBytes
        let step = max(1, (size + chunks - 1) / chunks)
        let pieces = stride(from: 0, to: max(size, 1), by: step).map { data.getSlice(at: $0, length: min(step, size - $0))! }
        return try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers(pieces),
                                     declaredLength: declared ?? Int64(size), attributes: ObjectAttributes(),
                                     check: IntegrityCheck(compute: [.crc32]), caller: alice)
    }

    @Test(arguments: [0, 1, 4096, 16 * 1024])
    func smallObjectsAreInlineAndReadBackWhole(_ size: Int) async throws {
        let (e, meta, blobs) = try await setUp()
        let data = bytes(size, seed: 3)
        let record = try await put(e, "small/\(size)", data, chunks: 3)
        #expect(record.manifest.isEmpty)
        #expect(record.inlineContent == Array(data.readableBytesView))
        #expect(blobs.storedBlobs.isEmpty)
        #expect(record.etag == ETag(hex: Identifiers.hex(Array(Insecure.MD5.hash(data: Array(data.readableBytesView))))))
        let stored = try #require(try await meta.object(bucket: bucket, key: try ObjectKey("small/\(size)")))
        #expect(stored == record)
        #expect(try await read(e, stored) == Array(data.readableBytesView))
    }

    @Test func rangesOfAnInlineObject() async throws {
        let (e, _, _) = try await setUp()
        let data = Array(bytes(1000, seed: 9).readableBytesView)
        let record = try await put(e, "r", ByteBuffer(bytes: data))
        for (offset, length) in [(0, 1), (10, 90), (999, 1), (500, 500), (0, 1000), (3, 0)] {
            #expect(try await read(e, record, offset: Int64(offset), length: Int64(length)) == Array(data[offset..<(offset + length)]))
        }
        var tampered = record
        tampered.size = 2000
        await #expect(throws: StorageError.self) { _ = try await read(e, tampered, offset: 1500, length: 10) }
    }

    @Test func largerObjectsAndTheLimitOfZeroUseBlobs() async throws {
        let (e, _, blobs) = try await setUp(limit: 100)
        let big = try await put(e, "big", bytes(101))
        #expect(big.inlineContent == nil)
        #expect(blobs.storedBlobs == Set(big.manifest.map(\.blob)))
        let (off, _, offBlobs) = try await setUp(limit: 0)
        let one = try await off.putObject(bucket: bucket, key: try ObjectKey("one"), body: .buffers([bytes(1)]), declaredLength: 1,
                                          attributes: ObjectAttributes(), check: .none, caller: alice)
        #expect(one.inlineContent == nil && offBlobs.storedBlobs.count == 1)
        // A body without a declared length is streamed into a blob, however small.
        let (e2, _, blobs2) = try await setUp()
        let unsized = try await e2.putObject(bucket: bucket, key: try ObjectKey("u"), body: .buffers([bytes(10)]), declaredLength: nil,
                                             attributes: ObjectAttributes(), check: .none, caller: alice)
        #expect(unsized.inlineContent == nil && blobs2.storedBlobs.count == 1)
    }

    @Test func aBodyOfTheWrongLengthIsRefusedAndLeavesNothing() async throws {
        let (e, meta, blobs) = try await setUp()
        for declared: Int64 in [99, 101] {
            await #expect(throws: StorageError.incompleteBody()) { _ = try await put(e, "bad", bytes(100), declared: declared, chunks: 4) }
        }
        #expect(try await meta.object(bucket: bucket, key: try ObjectKey("bad")) == nil)
        #expect(blobs.storedBlobs.isEmpty)
    }

    @Test func badChecksumOnAnInlineBodyIsRefused() async throws {
        let (e, meta, _) = try await setUp()
        let check = IntegrityCheck(checksums: [Checksum(algorithm: .crc32, base64: "AAAAAA==")])
        await #expect(throws: StorageError.self) {
            _ = try await e.putObject(bucket: bucket, key: try ObjectKey("c"), body: .buffers([bytes(10)]), declaredLength: 10,
                                      attributes: ObjectAttributes(), check: check, caller: alice)
        }
        #expect(try await meta.object(bucket: bucket, key: try ObjectKey("c")) == nil)
    }

    @Test func copiesFollowTheSizeNotTheSource() async throws {
        let (e, meta, blobs) = try await setUp(limit: 100)
        let small = try await put(e, "small", bytes(50, seed: 1))
        let big = try await put(e, "big", bytes(150, seed: 2))
        let smallCopy = try await e.copyObject(from: (bucket, small.key), to: bucket, key: try ObjectKey("small-copy"), attributes: nil, caller: alice)
        let bigCopy = try await e.copyObject(from: (bucket, big.key), to: bucket, key: try ObjectKey("big-copy"), attributes: nil, caller: alice)
        #expect(smallCopy.inlineContent == small.inlineContent && smallCopy.etag == small.etag)
        #expect(bigCopy.inlineContent == nil && bigCopy.etag == big.etag)
        #expect(blobs.storedBlobs == Set((big.manifest + bigCopy.manifest).map(\.blob)))
        let stored = try #require(try await meta.object(bucket: bucket, key: try ObjectKey("big-copy")))
        #expect(try await read(e, stored) == Array(bytes(150, seed: 2).readableBytesView))
    }

    @Test func replacingAndDeletingQueueOnlyRealBlobs() async throws {
        let (e, meta, blobs) = try await setUp(limit: 100)
        let big = try await put(e, "k", bytes(200))
        _ = try await put(e, "k", bytes(20))  // the blob object is replaced by an inline one
        #expect(try await meta.pendingGarbage(limit: 10).map(\.blob) == big.manifest.map(\.blob))
        try await e.collectGarbage()
        #expect(blobs.storedBlobs.isEmpty)
        _ = try await e.deleteObject(bucket: bucket, key: try ObjectKey("k"), caller: alice)
        #expect(try await meta.pendingGarbage(limit: 10).isEmpty)
    }

    @Test func listingsCarryNoContent() async throws {
        let (e, _, _) = try await setUp()
        _ = try await put(e, "a", bytes(10))
        let page = try await e.listObjects(bucket: bucket, query: ListingQuery(), caller: alice)
        #expect(page.items.map(\.key.value) == ["a"])
        #expect(page.items[0].inlineContent == nil && page.items[0].size == 10)
    }
}
