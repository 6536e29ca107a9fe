import Testing
@testable import TesseraCore

@Suite struct IdentifierTests {
    @Test func uploadIDsSortByTime() {
        let a = UploadID.generate(at: Timestamp(microseconds: 1_000_000))
        let b = UploadID.generate(at: Timestamp(microseconds: 1_000_001))
        #expect(a < b)
        #expect(a.value.count == 32)
    }
}

@Suite struct HexTests {
    @Test func roundTripsAndRejects() {
        #expect(Identifiers.bytes(fromHex: "00ff7A") == [0x00, 0xFF, 0x7A])
        #expect(Identifiers.bytes(fromHex: Identifiers.hex([1, 2, 254])) == [1, 2, 254])
        #expect(Identifiers.bytes(fromHex: "") == [])
        #expect(Identifiers.bytes(fromHex: "abc") == nil)
        #expect(Identifiers.bytes(fromHex: "zz") == nil)
    }

    /// Every byte value, at even and odd offsets, against digits written one by one.
    @Test func everyByteIsTwoLowerCaseDigits() {
        let digits = Array("0123456789abcdef".utf8)
        let reference = { (bytes: [UInt8]) in String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self) }
        let all = (0...255).map(UInt8.init)
        #expect(Identifiers.hex(all) == reference(all))
        #expect(Identifiers.hex(all.reversed()) == reference(all.reversed()))
        for length in [0, 1, 7, 15, 16, 17, 33] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Identifiers.hex(bytes) == reference(bytes))
            #expect(bytes.withUnsafeBytes { Identifiers.hex(raw: $0) } == reference(bytes))
        }
    }
}
