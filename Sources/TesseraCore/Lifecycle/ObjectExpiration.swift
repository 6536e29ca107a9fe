/// "Delete objects `days` days after they were written" or "on `date`": S3's `Expiration`
/// action, BOS's `DeleteObject`.
public enum ObjectExpiration: Hashable, Sendable, Codable {
    /// Whole days (at least 1) after an object was written, rounded up to the next UTC midnight.
    case days(Int)
    /// A UTC midnight: every object the rule selects expires then, and any written later at once.
    case date(Timestamp)
    /// S3's `ExpiredObjectDeleteMarker`: remove delete markers that no version stands behind.
    /// Tessera's buckets keep no versions, so there are none and the rule deletes nothing; it is
    /// stored and shown so that a configuration written for any bucket (with an abort in the same
    /// rule, a common one) is taken as S3 takes it for an unversioned bucket.
    case expiredObjectDeleteMarker

    /// When an object written at `lastModified` expires: S3's rule, a UTC midnight; `nil` for a
    /// rule that expires no object.
    public func date(forObjectWrittenAt lastModified: Timestamp) -> Timestamp? {
        switch self {
        case .days(let days): AbortSchedule.abortDate(from: lastModified, days: days)
        case .date(let date): date
        case .expiredObjectDeleteMarker: nil
        }
    }

    /// Whether the action deletes objects (not only delete markers).
    public var deletesObjects: Bool { self != .expiredObjectDeleteMarker }

    /// Throws `invalidArgument` with S3's wording for a day count under 1 or a date that is not
    /// a UTC midnight.
    func validate() throws(StorageError) {
        switch self {
        case .days(let days):
            guard days >= 1 else {
                throw StorageError.invalidArgument("'Days' for Expiration action must be a positive integer", name: "Days", value: String(days))
            }
        case .date(let date):
            guard date.microseconds % 86_400_000_000 == 0 else {
                throw StorageError.invalidArgument("'Date' must be at midnight GMT", name: "Date", value: String(date.seconds))
            }
        case .expiredObjectDeleteMarker:
            return
        }
    }
}
