import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

@Suite struct IntegrityTests {
    let check = Array("123456789".utf8)

    @Test func crcCheckValues() {
        var a = CRC32.ieee
        a.update(check)
        #expect(a.value == 0xCBF4_3926)
        var c = CRC32.castagnoli
        c.update(check)
        #expect(c.value == 0xE306_9283)
        var n = CRC64NVME()
        n.update(check)
        #expect(n.value == 0xAE8B_1486_0A79_9888)
    }

    @Test func crcIsIndependentOfChunking() {
        var rng = SeededRandom(seed: 3)
        let data = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var whole = CRC32.ieee
        whole.update(data)
        var pieces = CRC32.ieee
        var i = 0
        while i < data.count {
            let n = Int.random(in: 1...37, using: &rng)
            pieces.update(Array(data[i..<min(i + n, data.count)]))
            i += n
        }
        #expect(whole.value == pieces.value)
    }

    @Test func boto3HelloWorldCRC32() {
        // protocols/s3.md: x-amz-checksum-crc32 of "hello world" is DUoRhQ==.
        var c = CRC32.ieee
        c.update(Array("hello world".utf8))
        #expect(Base64.encode(c.digest) == "DUoRhQ==")
    }

    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar"])
    func base64RoundTrip(_ s: String) {
        let encoded = Base64.encode(Array(s.utf8))
        #expect(Base64.decode(encoded) == Array(s.utf8))
    }

    @Test func base64KnownAnswersAndRejects() {
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm8") == nil)
        #expect(Base64.decode("Z!8=") == nil)
        #expect(Base64.decode("Zm=8") == nil)
    }

    @Test func digestSetVerifiesDeclarations() throws {
        var ok = DigestSet(check: IntegrityCheck(contentMD5: "XrY7u+Ae7tCTyyK7j1rNww==", checksums: [Checksum(algorithm: .crc32, base64: "DUoRhQ==")]))
        ok.update(ByteBuffer(string: "hello world"))
        let result = try ok.finish()
        #expect(Identifiers.hex(result.md5) == "5eb63bbbe01eeed093cb22bb8f5acdc3")

        var badMD5 = DigestSet(check: IntegrityCheck(contentMD5: "AAAAAAAAAAAAAAAAAAAAAA=="))
        badMD5.update(ByteBuffer(string: "hello world"))
        #expect(throws: StorageError.self) { try badMD5.finish() }

        var badCRC = DigestSet(check: IntegrityCheck(checksums: [Checksum(algorithm: .crc32, base64: "AAAAAA==")]))
        badCRC.update(ByteBuffer(string: "hello world"))
        do { _ = try badCRC.finish(); Issue.record("expected BadDigest") } catch { #expect(error.code == .badDigest) }

        var badSHA = DigestSet(check: IntegrityCheck(payloadSHA256: String(repeating: "0", count: 64)))
        badSHA.update(ByteBuffer(string: "hello world"))
        do { _ = try badSHA.finish(); Issue.record("expected mismatch") } catch {
            #expect(error.code == .badDigest)
            #expect(error.context.digest?.kind == .signedPayloadSHA256)
        }
    }

    @Test func malformedDeclarationsAreRejectedUpFront() {
        #expect(throws: StorageError.self) { try IntegrityCheck(contentMD5: "not base64").validateShape() }
        #expect(throws: StorageError.self) { try IntegrityCheck(checksums: [Checksum(algorithm: .sha256, base64: "DUoRhQ==")]).validateShape() }
    }
}

@Suite struct SHA1BlockDigestTests {
    @Test func ufileWorkedExample() {
        var d = SHA1BlockDigest()
        Array("hello world".utf8).withUnsafeBytes { d.update($0) }
        #expect(d.etag == "AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt")
    }

    @Test func blocksSplitAtTheBlockSizeWhateverTheChunking() {
        var rng = SeededRandom(seed: 9)
        let data = (0..<2500).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var whole = SHA1BlockDigest(blockSize: 1000)
        data.withUnsafeBytes { whole.update($0) }
        var pieces = SHA1BlockDigest(blockSize: 1000)
        var i = 0
        while i < data.count {
            let n = Int.random(in: 1...700, using: &rng)
            Array(data[i..<min(i + n, data.count)]).withUnsafeBytes { pieces.update($0) }
            i += n
        }
        #expect(whole.blockDigests.count == 3)
        #expect(whole.etag == pieces.etag)
        #expect(whole.etag.hasPrefix("AwAAA"))  // block count 3, little-endian
    }
}
