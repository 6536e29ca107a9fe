import Testing
import TesseraTestSupport
import TesseraCore

/// Instants moved by counts a request chooses (a presigned URL's expiry, a lifecycle rule's
/// days): held at the ends of the range, never an overflow that stops the server.
@Suite struct TimestampTests {
    @Test func addingWithinTheRangeIsExact() {
        let t = utc("2026-12-06T03:00:00.250Z")
        #expect(t.adding(seconds: 86_400) == utc("2026-12-07T03:00:00.250Z"))
        #expect(t.adding(seconds: -86_400) == utc("2026-12-05T03:00:00.250Z"))
        #expect(Timestamp(seconds: 1_795_000_000) == Timestamp(microseconds: 1_795_000_000_000_000))
    }

    @Test(arguments: [Int64.max, Int64.max / 1_000_000 + 1, 9_223_372_036_854, -9_223_372_036_854, Int64.min / 1_000_000 - 1, Int64.min])
    func addingPastTheRangeIsHeldAtItsEnd(seconds: Int64) {
        let t = utc("2026-12-06T03:00:00.000Z")
        let moved = t.adding(seconds: seconds)
        #expect(seconds > 0 ? moved > t : moved < t)
        if seconds.magnitude > UInt64(Int64.max / 1_000_000) {
            #expect(moved.microseconds == (seconds > 0 ? .max : .min))
        }
        #expect(Timestamp(seconds: seconds).microseconds.signum() == seconds.signum())
    }

    /// Whole seconds round down, also at the very ends, and the calendar fields are defined there.
    @Test func secondsAndFieldsAtTheEnds() {
        #expect(Timestamp(microseconds: -1).seconds == -1)
        #expect(Timestamp(microseconds: -1_000_000).seconds == -1)
        #expect(Timestamp(microseconds: -1_000_001).seconds == -2)
        #expect(Timestamp(microseconds: 999_999).seconds == 0)
        #expect(Timestamp(microseconds: .min).seconds == -9_223_372_036_855)
        #expect(Timestamp(microseconds: .max).seconds == 9_223_372_036_854)
        #expect(Timestamp(microseconds: -1).utcComponents.millisecond == 999)
        #expect(Timestamp(microseconds: .min).utcComponents.year < -290_000)
        #expect(Timestamp(microseconds: .max).utcComponents.year > 290_000)
    }
}
