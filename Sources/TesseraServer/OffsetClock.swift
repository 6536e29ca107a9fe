public import TesseraCore

/// The system clock moved by a fixed offset: a test-only setting (`--clock-offset`) that lets
/// conformance tests see what the reaper does days from now without waiting. It moves storage
/// time (initiation, last activity, rule evaluation), never the clock signatures are checked by.
public struct OffsetClock: WallClock {
    /// Seconds added to the system time.
    public let offsetSeconds: Int64
    private let base = SystemClock()

    /// Creates the clock.
    public init(offsetSeconds: Int64) { self.offsetSeconds = offsetSeconds }

    /// The system time plus the offset.
    public func now() -> Timestamp { base.now().adding(seconds: offsetSeconds) }
}
