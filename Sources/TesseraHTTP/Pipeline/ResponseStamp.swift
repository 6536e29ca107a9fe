public import HTTPTypes
import NIOConcurrencyHelpers
public import TesseraCore

/// The fields every response gets from the server: `Date` (from the clock, at the time of the
/// response) and `Server`.
///
/// The date is formatted once a second and kept: formatting it cost 1,800 instructions a
/// response (callgrind, docs/benchmarks.md), and every response within one second shows the
/// same text.
public final class ResponseStamp: Sendable {
    private let clock: any WallClock
    private let last = NIOLockedValueBox<(second: Int64, text: String)?>(nil)

    /// Stamps with the time of `clock`.
    public init(clock: any WallClock) {
        self.clock = clock
    }

    /// The `Date` field's value now (RFC 9110 IMF-fixdate).
    public func date() -> String {
        let now = clock.now()
        let second = now.seconds
        if let cached = last.withLockedValue({ $0 }), cached.second == second { return cached.text }
        let text = now.httpDate
        last.withLockedValue { $0 = (second, text) }
        return text
    }

    /// Sets `Date` and `Server` on `response`.
    public func stamp(_ response: inout WireResponse) {
        response.headers.set(date(), for: .date)
        response.headers.set("Tessera", for: .server)
    }
}
