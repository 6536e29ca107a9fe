import TesseraCore

/// A clock a single-task benchmark sets by hand (the reaper and expiry benchmarks move it past
/// the rules' dates instead of waiting). Not for concurrent use.
final class SettableClock: WallClock, @unchecked Sendable {
    /// The instant it shows.
    var current: Timestamp

    /// A clock at `start`.
    init(_ start: Timestamp) { current = start }

    /// The instant it shows.
    func now() -> Timestamp { current }
}
