import NIOConcurrencyHelpers

/// Free space where the engine writes (the blob store's file system).
public protocol CapacityGauge: Sendable {
    /// Bytes the server may still write, nil when unknown.
    func availableBytes() -> Int64?
}

extension Engine {
    /// Free bytes where blobs are written, nil when unknown (for `/metrics`).
    public func availableBytes() -> Int64? { capacity?.availableBytes() }

    /// Refuses a write that would leave less free space than the configured reserve, so that a
    /// disk is never filled by objects to the point where deleting them fails (deletes and aborts
    /// need a little space for the metadata journal). `bytes` is the body's declared length, if any.
    func requireSpace(for bytes: Int64?) throws {
        let reserve = configuration.minimumFreeBytes
        guard reserve > 0, let capacity else { return }
        // Held at Int64.max: a declared length is a request's number.
        let (sum, overflow) = reserve.addingReportingOverflow(max(bytes ?? 0, 0))
        let needed = overflow ? Int64.max : sum
        if freeSpace.isAmple(beyond: needed) { return }
        guard let free = freeSpace.measure(capacity) else { return }
        if free < needed {
            throw StorageError(.insufficientStorage,
                               "The server's free space is below its reserve of \(reserve) bytes: writes are refused until space is freed (deletes still work).")
        }
    }
}

/// The last measure of free space, so that writes far from the reserve do not each ask the file
/// system: `statvfs` was one system call per write, 1.1 % of an initiate's server time under
/// load (`perf record`, docs/benchmarks.md). A measure counts for `lifetime` and only while the
/// free space it saw exceeds what is needed by `margin`, more than the server can write in that
/// time; near the reserve every write measures afresh, so the refusal is as exact as before.
final class FreeSpaceSample: Sendable {
    private let last = NIOLockedValueBox<(free: Int64, at: ContinuousClock.Instant)?>(nil)
    private let lifetime: Duration
    private let margin: Int64

    /// A sample kept `lifetime`, trusted only `margin` bytes or more above what a write needs.
    init(lifetime: Duration = .milliseconds(100), margin: Int64 = 1 << 30) {
        self.lifetime = lifetime
        self.margin = margin
    }

    /// Whether the last measure, still current, leaves `margin` beyond `needed` bytes.
    func isAmple(beyond needed: Int64) -> Bool {
        let now = ContinuousClock.now
        return last.withLockedValue { sample in
            guard let sample, now - sample.at < lifetime else { return false }
            return sample.free - needed >= margin
        }
    }

    /// Asks `gauge` and keeps the answer; nil when the free space is unknown.
    func measure(_ gauge: any CapacityGauge) -> Int64? {
        let free = gauge.availableBytes()
        let now = ContinuousClock.now
        last.withLockedValue { $0 = free.map { (free: $0, at: now) } }
        return free
    }
}
