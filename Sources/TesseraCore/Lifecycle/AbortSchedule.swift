/// When an upload will be aborted, and by which rule (`x-amz-abort-date`, `x-amz-abort-rule-id`).
public struct AbortSchedule: Hashable, Sendable {
    /// The abort date: a UTC midnight.
    public var date: Timestamp
    /// The id of the rule that sets it.
    public var ruleID: String

    /// Creates a schedule.
    public init(date: Timestamp, ruleID: String) {
        self.date = date
        self.ruleID = ruleID
    }

    private static let day: Int64 = 86_400

    /// S3's rule: the start plus `days`, rounded up to the next UTC midnight.
    public static func abortDate(from start: Timestamp, days: Int) -> Timestamp {
        let end = start.adding(seconds: Int64(days) * day)
        let secondsIntoDay = end.seconds - floorDiv(end.seconds, day) * day
        let atMidnight = secondsIntoDay == 0 && end.microseconds % 1_000_000 == 0
        let midnight = floorDiv(end.seconds, day) * day + (atMidnight ? 0 : day)
        return Timestamp(microseconds: midnight * 1_000_000)
    }

    /// The latest start whose abort date has passed at `now`: an upload is expired exactly when
    /// its start is at or before this instant. (`abortDate(start) <= now` ⟺ `start <= cutoff`.)
    public static func cutoff(now: Timestamp, days: Int) -> Timestamp {
        let lastMidnight = floorDiv(now.seconds, day) * day
        return Timestamp(microseconds: (lastMidnight - Int64(days) * day) * 1_000_000)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
