import Crypto
import NIOCore
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

@Suite struct AWSChunkedTests {
    func decode(_ raw: String, signing: ChunkSigning? = nil, trailers: TrailingChecksums? = nil, split: Int = 7) async throws -> [UInt8] {
        let bytes = Array(raw.utf8)
        var pieces: [ByteBuffer] = []
        var i = 0
        while i < bytes.count { pieces.append(ByteBuffer(bytes: bytes[i..<min(i + split, bytes.count)])); i += split }
        var out: [UInt8] = []
        for try await chunk in AWSChunkedBody(upstream: .buffers(pieces), signing: signing, trailers: trailers) {
            out += Array(chunk.readableBytesView)
        }
        return out
    }

    @Test func unsignedWithTrailer() async throws {
        let box = TrailingChecksums(expected: [.crc32])
        let out = try await decode("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n", trailers: box)
        #expect(out == Array("hello world".utf8))
        #expect(box.received == [Checksum(algorithm: .crc32, base64: "DUoRhQ==")])
        var digest = DigestSet(check: IntegrityCheck(trailing: box))
        digest.update(ByteBuffer(bytes: out))
        _ = try digest.finish()
        let wrong = TrailingChecksums(expected: [.crc32])
        wrong.record(Checksum(algorithm: .crc32, base64: "AAAAAA=="))
        var bad = DigestSet(check: IntegrityCheck(trailing: wrong))
        bad.update(ByteBuffer(bytes: out))
        #expect(throws: StorageError.self) { try bad.finish() }
        #expect(try await decode("0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n").isEmpty)
    }

    @Test(arguments: ["5\r\nhell\r\n0\r\n\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "zz\r\nhello\r\n", "5\r\nhello\r\n", "5\nhello\r\n0\r\n\r\n"])
    func malformedFramingThrows(_ raw: String) async {
        await #expect(throws: WireError.self) { _ = try await decode(raw) }
    }

    /// AWS's published example: PUT of 66,560 bytes of "a" in a 65,536-byte and a 1,024-byte chunk.
    @Test func signedChunksMatchAWSExample() async throws {
        let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524", region: "us-east-1", service: "s3")
        let signing = ChunkSigning(key: key.withUnsafeBytes { Array($0) }, amzDate: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request",
                                   seedSignature: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
        let a64 = String(repeating: "a", count: 65536), a1 = String(repeating: "a", count: 1024)
        let body = "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n\(a64)\r\n"
            + "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n\(a1)\r\n"
            + "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
        let out = try await decode(body, signing: signing, split: 1000)
        #expect(out.count == 66560)
        let tampered = body.replacingFirst("aaaa", with: "aaab")
        await #expect(throws: WireError.self) { _ = try await decode(tampered, signing: signing, split: 1000) }
    }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}

import Foundation
