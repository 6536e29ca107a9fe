import NIOConcurrencyHelpers

/// Issues upload ids whose time component strictly increases within this process, so uploads of
/// one key never tie: each id's time is the clock's, or one microsecond after the previous id's.
public final class UploadIDSequence: Sendable {
    private let last = NIOLockedValueBox<Int64>(0)

    /// Creates a sequence.
    public init() {}

    /// The initiation time and id for an upload started at `now`.
    public func next(at now: Timestamp) -> (Timestamp, UploadID) {
        let micros = last.withLockedValue { last -> Int64 in
            last = max(now.microseconds, last + 1)
            return last
        }
        let t = Timestamp(microseconds: micros)
        return (t, UploadID.generate(at: t))
    }
}
