import Testing
import TesseraCore
import TesseraHTTP

@Suite struct WireDateTests {
    @Test func formatsAndParses() throws {
        let t = try #require(Timestamp(compactISO8601: "20261122T034131Z"))
        #expect(t.iso8601 == "2026-11-22T03:41:31.000Z")
        #expect(t.iso8601Seconds == "2026-11-22T03:41:31Z")
        #expect(t.httpDate == "Sun, 22 Nov 2026 03:41:31 GMT")
        #expect(t.compactISO8601 == "20261122T034131Z")
        #expect(Timestamp(compactISO8601: Timestamp(microseconds: 0).compactISO8601) == Timestamp(microseconds: 0))
        #expect(Timestamp(httpDate: t.httpDate) == t)
        #expect(Timestamp(iso8601: "2026-11-22T03:41:31.250Z")?.microseconds == t.microseconds + 250_000)
        #expect(Timestamp(microseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(compactISO8601: "20261322T034131Z") == nil)
    }

    /// The byte-written HTTP date against the field-by-field spelling, over 5,000 seeded random
    /// instants from year 1 to 9999 (every weekday and month, before and after 1970).
    @Test func httpDatesOfRandomInstantsReadBack() {
        var rng = SplitMix(seed: 18)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for _ in 0..<5_000 {
            let seconds = Int64(rng.next() % 315_500_000_000) - 62_100_000_000
            let t = Timestamp(microseconds: seconds * 1_000_000)
            let c = t.utcComponents
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let year = String(repeating: "0", count: 4 - String(c.year).count) + String(c.year)
            let text = t.httpDate
            #expect(text.hasSuffix(", \(two(c.day)) \(months[c.month - 1]) \(year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"))
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400  // 1970-01-01 was a Thursday
            #expect(text.hasPrefix(weekdays[Int(((days + 4) % 7 + 7) % 7)] + ","))
            #expect(Timestamp(httpDate: text) == t)
        }
        #expect(Timestamp(microseconds: 0).httpDate == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(Timestamp(microseconds: -86_400_000_000).httpDate == "Wed, 31 Dec 1969 00:00:00 GMT")
    }

    /// The byte-written ISO-8601 forms (with milliseconds, to the second, compact) read back, over 5,000 seeded random instants from year 1 to 9999.
    @Test func isoDatesOfRandomInstantsReadBack() {
        var rng = SplitMix(seed: 19)
        for _ in 0..<5_000 {
            let seconds = Int64(rng.next() % 315_500_000_000) - 62_100_000_000
            let t = Timestamp(microseconds: seconds * 1_000_000 + Int64(rng.next() % 1_000) * 1_000)
            let c = t.utcComponents
            #expect(Timestamp(iso8601: t.iso8601) == t)
            #expect(Timestamp(iso8601: t.iso8601Seconds) == Timestamp(microseconds: seconds * 1_000_000))
            #expect(t.iso8601Seconds == String(t.iso8601.prefix(19)) + "Z")
            #expect(Timestamp(compactISO8601: t.compactISO8601) == Timestamp(microseconds: seconds * 1_000_000))
            #expect(t.compactISO8601.count == 16 && t.compactISO8601.hasSuffix(String(format: "%02dZ", c.second)))
        }
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

/// A small seeded generator (SplitMix64) for repeatable random tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
