import Testing
import TesseraTestSupport
@testable import TesseraCore

/// The stored text of an object's checksums (`ALG=base64 ALG=base64`), read on bytes.
@Suite struct StoredChecksumsTests {
    @Test(arguments: [
        ("", [] as [Checksum]),
        ("CRC32=DUoRhQ==", [Checksum(algorithm: .crc32, base64: "DUoRhQ==")]),
        ("CRC32C=yZRlqg== SHA256=n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
         [Checksum(algorithm: .crc32c, base64: "yZRlqg=="), Checksum(algorithm: .sha256, base64: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")]),
        // Unknown algorithms, pieces without `=`, empty pieces: left out, the rest kept.
        ("MD5=abc CRC64NVME=AAAAAAAAAAA= nonsense  SHA1=", [Checksum(algorithm: .crc64nvme, base64: "AAAAAAAAAAA="),
                                                         Checksum(algorithm: .sha1, base64: "")]),
        // The algorithm's name is matched whole and in upper case only.
        ("CRC3=x crc32=y CRC32CX=z CRC32=w", [Checksum(algorithm: .crc32, base64: "w")]),
    ] as [(String, [Checksum])])
    func readsWhatWasWritten(_ text: String, _ expected: [Checksum]) {
        #expect(StoredText.checksums(text) == expected)
    }

    /// Every algorithm, any number of checksums: the text written reads back the same.
    @Test func roundTrips() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<200 {
            let checksums = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                Checksum(algorithm: ChecksumAlgorithm.allCases.randomElement(using: &random)!,
                         base64: String((0..<Int.random(in: 1...44, using: &random)).map { _ in
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".randomElement(using: &random)! }))
            }
            #expect(StoredText.checksums(StoredText.checksumsText(checksums)) == checksums)
        }
    }

    /// Each algorithm's name matches its bytes alone: any one byte changed, a byte more or one
    /// fewer (but CRC32C's is CRC32), or lower case, and nothing matches.
    @Test func namesMatchTheirBytesOnly() {
        func named(_ text: String) -> ChecksumAlgorithm? {
            Array(text.utf8).withUnsafeBufferPointer { ChecksumAlgorithm(name: $0) }
        }
        for a in ChecksumAlgorithm.allCases {
            let name = a.rawValue
            #expect(named(name) == a)
            #expect(named(name.lowercased()) == nil)
            #expect(named(name + "X") == nil)
            #expect(named(String(name.dropLast())) == (a == .crc32c ? .crc32 : nil))
            for at in 0..<name.utf8.count {
                var bytes = Array(name.utf8)
                bytes[at] ^= 0x01
                #expect(bytes.withUnsafeBufferPointer { ChecksumAlgorithm(name: $0) } == nil, "\(name) changed at \(at)")
            }
        }
        #expect(named("") == nil)
    }

    @Test func spellingsAreTheRawValues() {
        func text(_ s: StaticString) -> String { s.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
        for a in ChecksumAlgorithm.allCases { #expect(text(a.spelling) == a.rawValue) }
        for t in ChecksumType.allCases { #expect(text(t.spelling) == t.rawValue) }
    }

    @Test func compositeValuesAreThoseWithAPartCount() {
        #expect(!Checksum(algorithm: .crc32, base64: "DUoRhQ==").isComposite)
        #expect(!Checksum(algorithm: .sha256, base64: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=").isComposite)
        #expect(Checksum(algorithm: .crc32, base64: "DUoRhQ==-2").isComposite)
        #expect(Checksum(algorithm: .sha256, base64: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=-10000").type == .composite)
    }
}
