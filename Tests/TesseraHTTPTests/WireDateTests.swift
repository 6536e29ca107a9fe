import Testing
import TesseraCore
import TesseraHTTP

@Suite struct WireDateTests {
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

    /// Found by the `auth` fuzzer: a seven-digit year overflowed the microseconds and trapped.
    @Test func outOfRangeFieldsAreRefusedNotTrapped() {
        #expect(Timestamp(httpDate: "Sun, 22 Nov 2026026 03:41:31 GMT") == nil)
        #expect(Timestamp(httpDate: ", 22 Nov 2026026 03:41:31 GMT") == nil)
        #expect(Timestamp(httpDate: "Sun, 99999999999 Nov 2026 03:41:31 GMT") == nil)
        #expect(Timestamp(httpDate: "Sun, 22 Nov 2026 99999999999:41:31 GMT") == nil)
        #expect(Timestamp(httpDate: "Sun, 22 Nov 2026 24:00:00 GMT") == nil)
        #expect(Timestamp(iso8601: "2026-11-22T03:41:31.1234567890123456789012Z") == nil)
        #expect(Timestamp(iso8601: "2026-13-22T03:41:31Z") == nil)
        #expect(Timestamp(iso8601: "2026-11-22T03:41:31xZ") == nil)
        #expect(Timestamp(iso8601: "2026-11-22T03:41:31.123456789Z")?.microseconds
            == Timestamp(iso8601: "2026-11-22T03:41:31Z").map { $0.microseconds + 123_456 })
    }
}
