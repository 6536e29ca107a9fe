import HTTPTypes
import NIOCore
import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport

/// `Date` and `Server` on responses, and the length of a body in memory.
@Suite struct ResponseStampTests {
    /// The date kept for a second is the one formatting the clock's time gives, also across a
    /// second's boundary and when the clock goes back.
    @Test func theDateIsTheClocksTimeAtEachStep() {
        let clock = ManualClock(utc("2026-12-04T05:06:07.250Z"))
        let stamp = ResponseStamp(clock: clock)
        for step: Int64 in [0, 100_000, 649_999, 1, 1_000_000, 59_000_000, -61_000_000, 86_400_000_000, 999_999] {
            clock.advance(microseconds: step)
            #expect(stamp.date() == clock.now().httpDate, "\(clock.now())")
        }
        #expect(ResponseStamp(clock: FixedClock("2026-12-04T05:06:07Z")).date() == "Fri, 04 Dec 2026 05:06:07 GMT")
    }

    @Test func aResponseGetsDateAndServerOnce() {
        var response = WireResponse(status: .ok, headers: [.date: "old", .server: "other"])
        ResponseStamp(clock: FixedClock("2026-12-04T05:06:07Z")).stamp(&response)
        #expect(response.headers[values: .date] == ["Fri, 04 Dec 2026 05:06:07 GMT"])
        #expect(response.headers[values: .server] == ["Tessera"])
    }

    @Test func aBodyInMemoryStatesItsLength() {
        var text = WireResponse.text(.ok, "four", contentType: "text/plain")
        text.setBodyLength()
        #expect(text.headers[values: .contentLength] == ["4"])
        text.body = .buffer(ByteBuffer(string: "longer"))
        text.setBodyLength()
        #expect(text.headers[values: .contentLength] == ["6"])
        var empty = WireResponse(status: .noContent)
        empty.setBodyLength()
        #expect(empty.headers[values: .contentLength] == ["0"])
        // A HEAD answer has no body but states the object's length.
        var head = WireResponse(status: .ok, headers: [.contentLength: "1024"])
        head.setBodyLength()
        #expect(head.headers[values: .contentLength] == ["1024"])
        var streamed = WireResponse(status: .ok, body: .stream(length: 9) { _ in })
        streamed.setBodyLength()
        #expect(streamed.headers[.contentLength] == nil)
    }
}
