#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time, in microseconds since the UNIX epoch (UTC).
public struct Timestamp: Hashable, Sendable, Comparable, Codable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// Creates a timestamp.
    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The instant `seconds` after the epoch, held at the ends of the representable range
    /// (about ±292,000 years) instead of overflowing: the count may come from a request.
    public init(seconds: Int64) { self = Timestamp(microseconds: 0).adding(seconds: seconds) }

    /// Whole seconds since the epoch (rounded down).
    public var seconds: Int64 {
        let q = microseconds / 1_000_000
        return microseconds % 1_000_000 < 0 ? q - 1 : q
    }

    /// Orders by time.
    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// This instant moved by `seconds`, held at the ends of the representable range instead of
    /// overflowing (a request's expiry or a lifecycle rule's days can be any 64-bit count).
    public func adding(seconds: Int64) -> Timestamp {
        let (delta, productOverflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (sum, sumOverflow) = microseconds.addingReportingOverflow(delta)
        guard productOverflow || sumOverflow else { return Timestamp(microseconds: sum) }
        return Timestamp(microseconds: seconds < 0 ? .min : .max)
    }

    /// Calendar fields in UTC.
    public var utcComponents: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let secs = seconds
        let days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let rem = Int(secs - Int64(days) * 86_400)
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let fraction = microseconds % 1_000_000
        let ms = Int((fraction < 0 ? fraction + 1_000_000 : fraction) / 1000)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60, ms)
    }

    /// Days since the epoch for a civil date (proleptic Gregorian).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// The engine's source of time; tests inject a movable clock.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The system's real-time clock.
public struct SystemClock: WallClock {
    /// Creates the clock.
    public init() {}
    /// The current instant from `clock_gettime(CLOCK_REALTIME)`.
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}
