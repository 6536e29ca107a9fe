import Testing
@testable import TesseraCore

@Suite struct TimestampTests {
    @Test func formatsAndParses() throws {
        let t = try #require(Timestamp(compactISO8601: "20261122T034131Z"))
        #expect(t.iso8601 == "2026-11-22T03:41:31.000Z")
        #expect(t.iso8601Seconds == "2026-11-22T03:41:31Z")
        #expect(t.httpDate == "Sun, 22 Nov 2026 03:41:31 GMT")
        #expect(Timestamp(httpDate: t.httpDate) == t)
        #expect(Timestamp(iso8601: "2026-11-22T03:41:31.250Z")?.microseconds == t.microseconds + 250_000)
        #expect(Timestamp(microseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(compactISO8601: "20261322T034131Z") == nil)
    }

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
