import NIOCore
import Testing
import TesseraCore
import TesseraTestSupport

/// S3's conditional writes in the engine: create-only and replace-only-this-version, checked
/// before the body is read and again atomically with the write, for PutObject and Complete.
@Suite struct ConditionalWriteTests {
    let b = try! BucketName("bkt")
    let k = try! ObjectKey("lock")

    func put(_ e: Engine, _ body: ByteStream, _ condition: WriteCondition, size: Int = 40_000) async throws -> ObjectRecord {
        try await e.putObject(bucket: b, key: k, body: body, declaredLength: Int64(size), attributes: .init(),
                              check: IntegrityCheck(), condition: condition, caller: alice)
    }

    func code(_ body: () async throws -> Void) async -> StorageError.Code? {
        do {
            try await body()
            return nil
        } catch let e as StorageError {
            return e.code
        } catch {
            return .internalError
        }
    }

    @Test(arguments: [100, 40_000])  // inline and blob-file objects
    func putObjectHonoursIfNoneMatchAndIfMatch(size: Int) async throws {
        let (e, _, blobs) = makeEngine()
        _ = try await e.createBucket(b, region: "", caller: alice)
        #expect(await code { _ = try await put(e, .buffers([bytes(size, seed: 2)]), .matching(ETag(hex: String(repeating: "0", count: 32))), size: size) } == .noSuchKey)
        let first = try await put(e, .buffers([bytes(size, seed: 1)]), .absent, size: size)
        #expect(await code { _ = try await put(e, .buffers([bytes(size, seed: 2)]), .absent, size: size) } == .preconditionFailed)
        #expect(await code { _ = try await put(e, .buffers([bytes(size, seed: 2)]), .matching(ETag(hex: String(repeating: "0", count: 32))), size: size) } == .preconditionFailed)
        let second = try await put(e, .buffers([bytes(size, seed: 3)]), .matching(first.etag), size: size)
        #expect(try await e.headObject(bucket: b, key: k, caller: alice).etag == second.etag)
        // Refused writes left no blob behind (the replaced one is queued and collected).
        try await e.drainGarbage()
        #expect(blobs.storedBlobs.count == (size > 16 * 1024 ? 1 : 0))
    }

    @Test func aConcurrentWriteThatWinsTheRaceMakesItAConflict() async throws {
        let (e, _, blobs) = makeEngine()
        _ = try await e.createBucket(b, region: "", caller: alice)
        // The body streams while another writer creates the key: the condition held when the
        // request arrived and fails at commit — 409, and the winner's object stays.
        let winner = Winner(engine: e, bucket: b, key: k)
        let racing = ByteStream(RacingBody(chunks: [bytes(20_000, seed: 1), bytes(20_000, seed: 2)], midway: { try await winner.write() }))
        #expect(await code { _ = try await put(e, racing, .absent) } == .conditionalRequestConflict)
        #expect(try await e.headObject(bucket: b, key: k, caller: alice).size == 5)
        try await e.drainGarbage()
        #expect(blobs.storedBlobs.isEmpty)  // the loser's blob is gone; the winner is inline
    }

    @Test func completeHonoursConditionsAndAFailedOneLeavesTheUpload() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(b, region: "", caller: alice)
        _ = try await put(e, .buffers([bytes(100)]), .none, size: 100)
        let id = try await e.createMultipartUpload(bucket: b, key: k, attributes: .init(), checksumAlgorithm: nil, dialect: .s3, caller: alice).upload.id
        let part = try await e.uploadPart(bucket: b, key: k, uploadID: id, number: PartNumber(trusted: 1), body: .buffers([bytes(10)]),
                                          declaredLength: 10, check: IntegrityCheck(), caller: alice).part
        let parts = [RequestedPart(number: part.number, etag: part.etag.hex)]
        #expect(await code { _ = try await e.completeMultipartUpload(bucket: b, key: k, uploadID: id, parts: parts, condition: .absent, caller: alice) }
                == .preconditionFailed)
        #expect(try await e.authorizedUpload(bucket: b, key: k, id: id, caller: alice).partCount == 1)
        let current = try await e.headObject(bucket: b, key: k, caller: alice).etag
        let done = try await e.completeMultipartUpload(bucket: b, key: k, uploadID: id, parts: parts, condition: .matching(current), caller: alice)
        #expect(try await e.headObject(bucket: b, key: k, caller: alice).etag == done.etag)
    }
}

/// Writes a small object under the key once, when asked.
actor Winner {
    let engine: Engine
    let bucket: BucketName
    let key: ObjectKey
    init(engine: Engine, bucket: BucketName, key: ObjectKey) {
        self.engine = engine
        self.bucket = bucket
        self.key = key
    }

    func write() async throws {
        _ = try await engine.putObject(bucket: bucket, key: key, body: .buffers([ByteBuffer(string: "first")]), declaredLength: 5,
                                       attributes: .init(), check: IntegrityCheck(), caller: alice)
    }
}

/// A body that runs `midway` after its first chunk has been taken.
struct RacingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]
    let midway: @Sendable () async throws -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<ByteBuffer>
        let midway: @Sendable () async throws -> Void
        var taken = 0
        mutating func next() async throws -> ByteBuffer? {
            if taken == 1 { try await midway() }
            taken += 1
            return rest.popFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: chunks[...], midway: midway) }
}
