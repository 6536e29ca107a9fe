import NIOCore
import Testing
@testable import TesseraCore

/// S3's full-object and composite multipart checksums, as the engine builds and checks them.
@Suite struct ChecksumTests {
    let bucket = try! BucketName("bkt")
    let key = try! ObjectKey("obj")

    static func crc(_ algorithm: ChecksumAlgorithm, _ data: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .crc32: var c = CRC32.ieee; c.update(data); return c.digest
        case .crc32c: var c = CRC32.castagnoli; c.update(data); return c.digest
        case .crc64nvme: var c = CRC64NVME(); c.update(data); return c.digest
        case .sha1, .sha256: return []
        }
    }

    /// Property: for random data cut at random points (empty pieces included), the combined CRC
    /// of the pieces is the CRC of the whole.
    @Test(arguments: [ChecksumAlgorithm.crc32, .crc32c, .crc64nvme])
    func combiningPieceCRCsGivesTheWholeCRC(_ algorithm: ChecksumAlgorithm) {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let data = (0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var cuts = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 0...data.count, using: &rng) }
            cuts = ([0] + cuts + [data.count]).sorted()
            let pieces = zip(cuts, cuts.dropFirst()).map { (a, b) in (digest: Self.crc(algorithm, Array(data[a..<b])), length: Int64(b - a)) }
            #expect(algorithm.combined(pieces) == Self.crc(algorithm, data))
        }
        #expect(ChecksumAlgorithm.sha256.combined([]) == nil)
    }

    func setUp() async throws -> Engine {
        let (engine, _, _) = makeEngine()
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        return engine
    }

    func twoParts(_ e: Engine, _ algorithm: ChecksumAlgorithm, _ type: ChecksumType?) async throws -> (Upload, [Part], [UInt8]) {
        let u = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: algorithm,
                                                  checksumType: type, dialect: .s3, caller: alice).upload
        let a = bytes(5 * 1024 * 1024, seed: 3), b = bytes(777, seed: 9)
        var parts: [Part] = []
        for (n, data) in [a, b].enumerated() {
            parts.append(try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(n + 1), body: .buffers([data]),
                                                declaredLength: Int64(data.readableBytes), check: .none, caller: alice).part)
        }
        return (u, parts, Array(a.readableBytesView) + Array(b.readableBytesView))
    }

    func listed(_ parts: [Part]) -> [RequestedPart] {
        parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted, checksums: $0.checksums) }
    }

    @Test(arguments: [ChecksumAlgorithm.crc32, .crc32c, .crc64nvme])
    func fullObjectChecksumIsTheCRCOfTheWholeObject(_ algorithm: ChecksumAlgorithm) async throws {
        let e = try await setUp()
        let (u, parts, data) = try await twoParts(e, algorithm, algorithm == .crc64nvme ? nil : .fullObject)
        #expect(u.checksumType == .fullObject)
        let whole = Checksum(algorithm: algorithm, base64: Base64.encode(Self.crc(algorithm, data)))
        // A wrong whole-object value is BadDigest and leaves the upload to complete again.
        let wrong = Checksum(algorithm: algorithm, base64: Base64.encode([UInt8](repeating: 0, count: algorithm == .crc64nvme ? 8 : 4)))
        await #expect(throws: StorageError.self) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                   expecting: CompletionExpectations(checksum: wrong), caller: alice)
        }
        let done = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted) },
                                                       expecting: CompletionExpectations(checksum: whole, checksumType: .fullObject, size: Int64(data.count)), caller: alice)
        #expect(done.checksums == [whole])
        let record = try await e.headObject(bucket: bucket, key: key, caller: alice)
        #expect(record.checksums == [whole])
        #expect(record.manifest.map(\.checksum) == parts.map { $0.checksums.first { $0.algorithm == algorithm } })
    }

    @Test func compositeNeedsEveryPartChecksumAndMatchesWithOrWithoutSuffix() async throws {
        let e = try await setUp()
        let (u, parts, _) = try await twoParts(e, .sha256, nil)
        #expect(u.checksumType == .composite)
        let bare = parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }
        let strict = CompletionExpectations(partChecksumsRequired: true)
        await #expect(throws: StorageError.self) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: bare, expecting: strict, caller: alice)
        }
        await #expect(throws: StorageError.self) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                   expecting: CompletionExpectations(checksumType: .fullObject), caller: alice)
        }
        await #expect(throws: StorageError.self) {
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                   expecting: CompletionExpectations(size: 1), caller: alice)
        }
        let composite = try #require(CompletionPlan.composite(parts, algorithm: .sha256))
        #expect(composite.base64.hasSuffix("-2"))
        let declared = Checksum(algorithm: .sha256, base64: String(composite.digestBase64))
        let done = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                       expecting: CompletionExpectations(checksum: declared, checksumType: .composite, partChecksumsRequired: true),
                                                       caller: alice)
        #expect(done.checksums == [composite])
    }

    @Test func createRefusesS3sInvalidCombinations() async throws {
        let e = try await setUp()
        for (a, t): (ChecksumAlgorithm?, ChecksumType) in [(.sha1, .fullObject), (.sha256, .fullObject), (.crc64nvme, .composite), (nil, .composite)] {
            await #expect(throws: StorageError.self) {
                _ = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: a, checksumType: t,
                                                      dialect: .s3, caller: alice)
            }
        }
    }

    @Test func partCheckedWithAnotherAlgorithmIsRefused() async throws {
        let e = try await setUp()
        let u = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: .sha256,
                                                  dialect: .s3, caller: alice).upload
        let data = bytes(10)
        let other = IntegrityCheck(checksums: [Checksum(algorithm: .crc32, base64: Base64.encode(Self.crc(.crc32, Array(data.readableBytesView))))])
        await #expect(throws: StorageError.self) {
            _ = try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(1), body: .buffers([data]),
                                       declaredLength: 10, check: other, caller: alice)
        }
    }

    /// A CRC the upload did not name but every part carries (BOS parts; S3 parts sent with the
    /// SDK's default CRC32) is verified by combining and kept with the object.
    @Test func undeclaredCRCCarriedByEveryPartIsVerifiedAndKept() async throws {
        let e = try await setUp()
        let u = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: nil, dialect: .s3, caller: alice).upload
        let a = bytes(5 * 1024 * 1024, seed: 1), b = bytes(3, seed: 2)
        var parts: [Part] = []
        for (n, data) in [a, b].enumerated() {
            parts.append(try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(n + 1), body: .buffers([data]),
                                                declaredLength: nil, check: IntegrityCheck(compute: [.crc32c]), caller: alice).part)
        }
        let whole = Checksum(algorithm: .crc32c, base64: Base64.encode(Self.crc(.crc32c, Array(a.readableBytesView) + Array(b.readableBytesView))))
        await #expect(throws: StorageError.self) {  // no part carries a CRC-32: nothing to verify it with
            _ = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                   expecting: CompletionExpectations(checksum: Checksum(algorithm: .crc32, base64: "AAAAAA==")), caller: alice)
        }
        let done = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed(parts),
                                                       expecting: CompletionExpectations(checksum: whole), caller: alice)
        #expect(done.checksums == [whole])
    }

    /// BOS lets an object CRC its parts cannot verify pass (an upload begun before parts carried
    /// CRCs must still complete); nothing unverified is kept.
    @Test func unverifiableCRCPassesWhereTheDialectAllows() async throws {
        let e = try await setUp()
        let u = try await e.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: nil, dialect: .bos, caller: alice).upload
        let part = try await e.uploadPart(bucket: bucket, key: key, uploadID: u.id, number: try PartNumber(1), body: .buffers([bytes(9)]),
                                          declaredLength: 9, check: .none, caller: alice).part
        let declared = Checksum(algorithm: .crc32, base64: "AAAAAA==")
        let done = try await e.completeMultipartUpload(bucket: bucket, key: key, uploadID: u.id, parts: listed([part]),
                                                       expecting: CompletionExpectations(checksum: declared, unverifiableChecksumRefused: false), caller: alice)
        #expect(done.checksums.isEmpty)
    }
}
