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
}
