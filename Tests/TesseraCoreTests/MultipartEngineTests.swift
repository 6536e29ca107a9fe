import Crypto
import NIOCore
import Testing
@testable import TesseraCore

@Suite struct MultipartEngineTests {
    let bucket = try! BucketName("bkt")
    let key = try! ObjectKey("big/object.bin")
    static let mib = 1024 * 1024

    func setUp() async throws -> (Engine, InMemoryMetadataStore, InMemoryBlobStore) {
        let (engine, meta, blobs) = makeEngine()
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        return (engine, meta, blobs)
    }

    func upload(_ e: Engine, _ u: Upload, _ n: Int, _ data: ByteBuffer) async throws -> Part {
        try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(n), body: .buffers([data]),
                               declaredLength: Int64(data.readableBytes), check: .none, caller: alice).part
    }

    func start(_ e: Engine, dialect: Dialect = .s3) async throws -> Upload {
        try await e.createMultipartUpload(bucket: bucket, key: key, attributes: ObjectAttributes(contentType: "video/mp4"),
                                          checksumAlgorithm: nil, dialect: dialect, caller: alice).upload
    }

    @Test func completeBuildsManifestAndS3ETag() async throws {
        let (e, _, blobs) = try await setUp()
        let u = try await start(e)
        let p1 = bytes(5 * Self.mib, seed: 1), p2 = bytes(5 * Self.mib, seed: 2), p3 = bytes(1234, seed: 3)
        let parts = [try await upload(e, u, 1, p1), try await upload(e, u, 2, p2), try await upload(e, u, 3, p3)]
        let done = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id,
                                                       parts: parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }, caller: alice)
        var md5 = Insecure.MD5()
        for b in [p1, p2, p3] { md5.update(data: Array(Insecure.MD5.hash(data: Array(b.readableBytesView)))) }
        #expect(done.etag == ETag(hex: Identifiers.hex(md5.finalize()), partCount: 3))
        #expect(done.size == Int64(10 * Self.mib + 1234))
        let record = try await e.headObject(bucket: bucket, key: key, caller: alice)
        #expect(record.manifest.map(\.blob) == parts.map(\.blob))
        #expect(record.attributes.contentType == "video/mp4")
        #expect(try await read(e, record) == Array(p1.readableBytesView) + Array(p2.readableBytesView) + Array(p3.readableBytesView))
        // A range across the part boundary.
        let across = try await read(e, record, offset: Int64(5 * Self.mib - 3), length: 6)
        #expect(across == Array(p1.readableBytesView.suffix(3)) + Array(p2.readableBytesView.prefix(3)))
        #expect(try e.partRange(of: record, number: 2) == (Int64(5 * Self.mib), Int64(5 * Self.mib)))
        // No bytes were copied: the object's blobs are the part blobs.
        #expect(blobs.storedBlobs == Set(parts.map(\.blob)))
        await #expect(throws: StorageError.self) {
            _ = try await e.listParts(bucket: bucket, key: key, uploadID: u.id, marker: 0, limit: 10, caller: alice)
        }
    }

    @Test func retriedCompleteReturnsTheSameResult() async throws {
        let (e, _, _) = try await setUp()
        let u = try await start(e)
        let p = try await upload(e, u, 1, bytes(100))
        let req = [RequestedPart(number: p.number, etag: p.etag.description)]
        let first = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: req, caller: alice)
        let again = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: req, caller: alice)
        #expect(again.etag == first.etag)
        #expect(again.replayed)
        // A different part list is not a retry.
        await #expect(throws: StorageError.noSuchUpload(u.id.value)) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id,
                                                    parts: [RequestedPart(number: try PartNumber(2), etag: p.etag.description)], caller: alice)
        }
    }

    @Test func completeEnforcesAWSRules() async throws {
        let (e, _, _) = try await setUp()
        let u = try await start(e)
        let small = try await upload(e, u, 1, bytes(1024))
        let big = try await upload(e, u, 2, bytes(5 * Self.mib))
        func complete(_ parts: [RequestedPart]) async -> StorageError.Code? {
            do { _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: parts, caller: alice); return nil }
            catch let error as StorageError { return error.code } catch { return .internalError }
        }
        #expect(await complete([RequestedPart(number: small.number, etag: small.etag.quoted), RequestedPart(number: big.number, etag: big.etag.quoted)]) == .entityTooSmall)
        #expect(await complete([RequestedPart(number: big.number, etag: big.etag.quoted), RequestedPart(number: small.number, etag: small.etag.quoted)]) == .invalidPartOrder)
        #expect(await complete([RequestedPart(number: big.number, etag: big.etag.quoted), RequestedPart(number: big.number, etag: big.etag.quoted)]) == .invalidPartOrder)
        #expect(await complete([RequestedPart(number: small.number, etag: big.etag.quoted)]) == .invalidPart)
        #expect(await complete([RequestedPart(number: try PartNumber(7), etag: big.etag.quoted)]) == .invalidPart)
        #expect(await complete([]) == .malformedDocument)
        // The upload survives failed completions, and a valid list still completes it.
        #expect(await complete([RequestedPart(number: small.number, etag: small.etag.quoted)]) == nil)
    }

    @Test func ruleSetsFollowTheInitiatingDialect() async throws {
        let (e, _, _) = try await setUp()
        let bos = try await start(e, dialect: .bos)
        let a = try await upload(e, bos, 1, bytes(100 * 1024)), b = try await upload(e, bos, 2, bytes(10))
        _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: bos.id,
                                                parts: [a, b].map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }, caller: alice)
        let uf = try await start(e, dialect: .ufile)
        #expect(uf.blockSize == 4 * Int64(Self.mib))
        let x = try await upload(e, uf, 1, bytes(4 * Self.mib - 1)), y = try await upload(e, uf, 2, bytes(10))
        await #expect(throws: StorageError.self) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: uf.id,
                                                    parts: [x, y].map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }, caller: alice)
        }
    }

    @Test func reuploadReplacesAndQueuesTheOldBlob() async throws {
        let (e, meta, blobs) = try await setUp()
        let u = try await start(e)
        let first = try await upload(e, u, 1, bytes(10, seed: 1))
        let second = try await upload(e, u, 1, bytes(20, seed: 2))
        let page = try await e.listParts(bucket: bucket, key: key, uploadID: u.id, marker: 0, limit: 1000, caller: alice)
        #expect(page.parts.map(\.etag) == [second.etag])
        #expect(page.upload.partCount == 1 && page.upload.bytes == 20)
        #expect(try await meta.pendingGarbage(limit: 10).map(\.blob) == [first.blob])
        try await e.drainGarbage()
        #expect(blobs.storedBlobs == [second.blob])
    }

    /// A drain goes on while its batches (256) come back full, and stops at a short one: every
    /// queued blob goes, whether the queue is a batch, one less, one more or several.
    @Test(arguments: [255, 256, 257, 600])
    func aDrainEmptiesAQueueOfAnyLength(_ parts: Int) async throws {
        let (e, meta, blobs) = try await setUp()
        let u = try await start(e)
        for n in 1...parts { _ = try await upload(e, u, n, bytes(1)) }
        try await e.abortMultipartUpload(bucket: bucket, key: key, uploadID: u.id, caller: alice)
        #expect(try await meta.pendingGarbage(limit: 1000).count == parts)
        try await e.drainGarbage()
        #expect(blobs.storedBlobs.isEmpty)
        #expect(try await meta.pendingGarbage(limit: 1000).isEmpty)
    }

    @Test func abortQueuesEveryPartAndForgetsTheUpload() async throws {
        let (e, _, blobs) = try await setUp()
        let u = try await start(e)
        for n in 1...3 { _ = try await upload(e, u, n, bytes(10)) }
        try await e.abortMultipartUpload(bucket: bucket, key: key, uploadID: u.id, caller: alice)
        try await e.drainGarbage()
        #expect(blobs.storedBlobs.isEmpty)
        await #expect(throws: StorageError.noSuchUpload(u.id.value)) {
            try await e.abortMultipartUpload(bucket: bucket, key: key, uploadID: u.id, caller: alice)
        }
        await #expect(throws: StorageError.self) { _ = try await upload(e, u, 1, bytes(10)) }
        #expect(blobs.storedBlobs.isEmpty, "a part uploaded after abort leaves no blob")
    }

    @Test func listPartsPaginates() async throws {
        let (e, _, _) = try await setUp()
        let u = try await start(e)
        for n in [3, 1, 7, 2, 5] { _ = try await upload(e, u, n, bytes(10)) }
        var seen: [Int] = []
        var marker = 0
        while true {
            let page = try await e.listParts(bucket: bucket, key: key, uploadID: u.id, marker: marker, limit: 2, caller: alice)
            seen += page.parts.map(\.number.value)
            guard page.isTruncated else { break }
            marker = page.nextPartNumberMarker
        }
        #expect(seen == [1, 2, 3, 5, 7])
    }

    @Test func bucketsBelongToTheirOwner() async throws {
        let (e, _, _) = try await setUp()
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.authorizedBucket(bucket, caller: bob, action: .listBucket) }
        #expect(try await e.listBuckets(caller: bob).isEmpty)
        await #expect(throws: StorageError.self) { _ = try await e.createBucket(bucket, region: "", caller: bob) }
        do { _ = try await e.createBucket(bucket, region: "", caller: alice) } catch let err as StorageError {
            #expect(err.code == .bucketAlreadyOwnedByYou)
        }
    }

    @Test func deleteBucketRefusesWhileUploadsOrObjectsExist() async throws {
        let (e, _, _) = try await setUp()
        let u = try await start(e)
        await #expect(throws: StorageError.self) { try await e.deleteBucket(bucket, caller: alice) }
        try await e.abortMultipartUpload(bucket: bucket, key: key, uploadID: u.id, caller: alice)
        _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([bytes(3)]), declaredLength: 3, attributes: .init(), check: .none, caller: alice)
        await #expect(throws: StorageError.self) { try await e.deleteBucket(bucket, caller: alice) }
        try await e.deleteObject(bucket: bucket, key: key, caller: alice)
        try await e.deleteBucket(bucket, caller: alice)
    }

    @Test func singlePartObjectsHavePartOneOnly() async throws {
        let (e, _, _) = try await setUp()
        let o = try await e.putObject(bucket: bucket, key: key, body: .buffers([bytes(10)]), declaredLength: 10, attributes: .init(),
                                      check: .none, caller: alice)
        #expect(try e.partRange(of: o, number: 1) == (0, 10))
        #expect(throws: StorageError.self) { try e.partRange(of: o, number: 2) }
        #expect(throws: StorageError.self) { try e.partRange(of: o, number: 0) }
    }

    /// Parts large enough to go through the MD5 lanes, sent at once in uneven buffers: each ETag is
    /// its bytes' MD5; bodies that fail (short, or a wrong Content-MD5) fail; no stream stays open.
    @Test func concurrentPartsThroughTheLanes() async throws {
        let (e, _, _) = try await setUp()
        let u = try await start(e)
        let sizes = [300_001, 1 << 20, 65_536, 777_777, 2 * Self.mib + 13, 100_000]
        let cuts = [65_536, 1_000, 63, 300_000]
        func body(_ data: ByteBuffer, cut: Int) -> ByteStream {
            var rest = data, pieces: [ByteBuffer] = []
            while rest.readableBytes > 0 { pieces.append(rest.readSlice(length: min(cut, rest.readableBytes))!) }
            return .buffers(pieces)
        }
        let results = try await withThrowingTaskGroup(of: (Int, Result<Part, StorageError>).self) { group in
            for (i, size) in sizes.enumerated() {
                group.addTask {
                    let data = bytes(size, seed: UInt8(i + 40))
                    // Part 5 declares more bytes than it sends; part 6 a wrong Content-MD5.
                    let declared = Int64(size) + (i == 4 ? 1 : 0)
                    let check = i == 5 ? IntegrityCheck(contentMD5: "AAAAAAAAAAAAAAAAAAAAAA==") : .none
                    do {
                        let part = try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(i + 1),
                                                          body: body(data, cut: cuts[i % cuts.count]), declaredLength: declared,
                                                          check: check, caller: alice).part
                        return (i, .success(part))
                    } catch let error as StorageError {
                        return (i, .failure(error))
                    }
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (i, size) in sizes.enumerated() {
            switch (i, results[i]) {
            case (4, .failure(let error)?): #expect(error.code == .incompleteBody)
            case (5, .failure(let error)?): #expect(error.code == .badDigest)
            case (_, .success(let part)?):
                #expect(i < 4)
                #expect(part.etag == ETag(hex: Identifiers.hex(Array(Insecure.MD5.hash(data: Array(bytes(size, seed: UInt8(i + 40)).readableBytesView)))), partCount: nil))
            default: Issue.record("part \(i + 1): \(String(describing: results[i]))")
            }
        }
        #expect(e.md5Lanes.openBodies == 0)
    }

    @Test func failedIntegrityLeavesNothingBehind() async throws {
        let (e, _, blobs) = try await setUp()
        await #expect(throws: StorageError.self) {
            _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([ByteBuffer(string: "hello world")]), declaredLength: 11,
                                      attributes: .init(), check: IntegrityCheck(checksums: [Checksum(algorithm: .crc32, base64: "AAAAAA==")]), caller: alice)
        }
        await #expect(throws: StorageError.self) {
            _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([ByteBuffer(string: "short")]), declaredLength: 11,
                                      attributes: .init(), check: .none, caller: alice)
        }
        #expect(blobs.storedBlobs.isEmpty)
        await #expect(throws: StorageError.noSuchKey(key.value)) { _ = try await e.headObject(bucket: bucket, key: key, caller: alice) }
    }
}
