/// When a lifecycle rule acts, and which rule: an upload aborted (`x-amz-abort-date`,
/// `x-amz-abort-rule-id`) or an object expired (`x-amz-expiration`). Always a UTC midnight.
public struct AbortSchedule: Hashable, Sendable {
    /// The date the rule acts: a UTC midnight.
    public var date: Timestamp
    /// The id of the rule that sets it.
    public var ruleID: String

    /// Creates a schedule.
    public init(date: Timestamp, ruleID: String) {
        self.date = date
        self.ruleID = ruleID
    }

    private static let day: Int64 = 86_400

    /// The latest abort date: 9999-12-31, the last midnight every wire date format spells with a
    /// four-digit year. A rule may count any positive number of days (S3 takes them); one that
    /// reaches past this never aborts, and its computation must not overflow.
    public static let latest = Timestamp(seconds: 253_402_214_400)

    /// `days` whole days in seconds, held at `Int64.max` instead of overflowing.
    private static func span(_ days: Int) -> Int64 {
        let (seconds, overflow) = Int64(days).multipliedReportingOverflow(by: day)
        return overflow ? .max : seconds
    }

    /// S3's rule: the start plus `days`, rounded up to the next UTC midnight (at most ``latest``).
    public static func abortDate(from start: Timestamp, days: Int) -> Timestamp {
        let end = start.adding(seconds: span(days))
        guard end < latest else { return latest }
        let secondsIntoDay = end.seconds - floorDiv(end.seconds, day) * day
        let atMidnight = secondsIntoDay == 0 && end.microseconds % 1_000_000 == 0
        let midnight = floorDiv(end.seconds, day) * day + (atMidnight ? 0 : day)
        return Timestamp(seconds: midnight)
    }

    /// The latest start whose abort date has passed at `now`: an upload is expired exactly when
    /// its start is at or before this instant. (`abortDate(start) <= now` ⟺ `start <= cutoff`.)
    public static func cutoff(now: Timestamp, days: Int) -> Timestamp {
        let lastMidnight = floorDiv(now.seconds, day) * day
        return Timestamp(seconds: lastMidnight).adding(seconds: -span(days))
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
