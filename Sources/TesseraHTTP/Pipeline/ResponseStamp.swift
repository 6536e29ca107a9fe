public import HTTPTypes
import NIOConcurrencyHelpers
public import TesseraCore

/// The fields every response gets from the server: `Date` (from the clock, at the time of the
/// response) and `Server`.
///
/// The date is formatted once a second and kept: formatting it cost 1,800 instructions a
/// response (callgrind, docs/benchmarks.md), and every response within one second shows the
/// same text. Both fields are kept made, since making a field checks each byte of its value.
public final class ResponseStamp: Sendable {
    private let clock: any WallClock
    private let last = NIOLockedValueBox<(second: Int64, field: HTTPField)?>(nil)
    private let server = HTTPField(name: .server, value: "Tessera")

    /// Stamps with the time of `clock`.
    public init(clock: any WallClock) {
        self.clock = clock
    }

    /// The `Date` field's value now (RFC 9110 IMF-fixdate).
    public func date() -> String {
        dateField().value
    }

    /// The `Date` field now.
    private func dateField() -> HTTPField {
        let now = clock.now()
        let second = now.seconds
        if let cached = last.withLockedValue({ $0 }), cached.second == second { return cached.field }
        let field = HTTPField(name: .date, value: now.httpDate)
        last.withLockedValue { $0 = (second, field) }
        return field
    }

    /// Sets `Date` and `Server` on `response`.
    public func stamp(_ response: inout WireResponse) {
        response.headers.set(dateField())
        response.headers.set(server)
    }
}
