public import TesseraCore
import NIOConcurrencyHelpers
import TesseraHTTP

/// A clock tests move by hand.
public final class ManualClock: WallClock {
    private let current: NIOLockedValueBox<Timestamp>

    /// A clock at `start` (default: an instant in 2026).
    public init(_ start: Timestamp = Timestamp(microseconds: 1_790_000_000_000_000)) { current = NIOLockedValueBox(start) }

    /// The instant it shows.
    public func now() -> Timestamp { current.withLockedValue { $0 } }

    /// Moves it forward.
    public func advance(microseconds: Int64) { current.withLockedValue { $0.microseconds += microseconds } }

    /// Moves it forward by whole seconds.
    public func advance(seconds: Int64) { advance(microseconds: seconds * 1_000_000) }
}

/// A clock that always shows one instant.
public struct FixedClock: WallClock {
    /// The instant.
    public let instant: Timestamp

    /// At `instant`.
    public init(_ instant: Timestamp) { self.instant = instant }
    /// At an ISO-8601 instant (`2026-11-22T03:41:31Z`) or SigV4's compact form (`20261122T034131Z`).
    public init(_ text: String) { instant = utc(text) }
    /// At whole seconds since the epoch.
    public init(seconds: Int64) { instant = Timestamp(microseconds: seconds * 1_000_000) }

    /// The instant.
    public func now() -> Timestamp { instant }
}

/// An instant from ISO-8601 (`2026-11-22T03:41:31.250Z`) or SigV4's compact form; traps on anything else.
public func utc(_ text: String) -> Timestamp {
    guard let t = Timestamp(iso8601: text) ?? Timestamp(compactISO8601: text) else { preconditionFailure("not an instant: \(text)") }
    return t
}
