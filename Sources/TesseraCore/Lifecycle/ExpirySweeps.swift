import Synchronization

/// Which expiration rules have walked their bucket since the last UTC midnight.
///
/// Every expiry date is a UTC midnight (``ObjectExpiration/date(forObjectWrittenAt:)``), so a
/// rule that has walked its objects since the last midnight finds nothing more to delete until
/// the next one: the reaper, which runs every hour, walks each rule's objects once a day, and at
/// once again when the rule changes (the log keys on the whole rule). Kept in memory by one
/// process: a restart walks again.
public final class ExpirySweeps: Sendable {
    private struct Sweep: Hashable {
        let bucket: BucketName
        let rule: LifecycleRule
    }

    /// For each rule walked, the UTC day (days since the epoch) of its last walk.
    private let days = Mutex<[Sweep: Int64]>([:])

    /// An empty log: every rule is due.
    public init() {}

    /// Whether `rule` of `bucket` has not walked yet on the UTC day of `now`.
    func isDue(_ rule: LifecycleRule, of bucket: BucketName, now: Timestamp) -> Bool {
        let key = Sweep(bucket: bucket, rule: rule)
        return days.withLock { $0[key] } != Self.day(now)
    }

    /// Records that `rule` of `bucket` walked all its objects at `now`.
    func record(_ rule: LifecycleRule, of bucket: BucketName, now: Timestamp) {
        let key = Sweep(bucket: bucket, rule: rule)
        days.withLock { $0[key] = Self.day(now) }
    }

    private static func day(_ t: Timestamp) -> Int64 {
        let s = t.seconds
        return s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
    }
}
