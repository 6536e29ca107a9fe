import NIOConcurrencyHelpers
import NIOCore

/// Computes the MD5s (ETags) of concurrent bodies side by side, one per lane of a vector register.
///
/// Each step of MD5 waits for the one before, so one stream leaves most of a core idle: 790 MB/s
/// on the benchmark machine, where four lanes together reach 2.7 GB/s. A body's whole blocks are
/// queued as it arrives (``Stream/append(_:)``) and compressed later, in a pass over up to four
/// bodies' blocks at once, run by whichever task finds a pass due:
/// - when as many bodies have blocks pending as there are open bodies, up to four: the same number
///   of blocks of each, so all lanes stay busy;
/// - when a body waits: at its end (``Stream/finish()``) for all of its blocks, with more than
///   `backlogLimit` blocks pending for those past the limit, beside whatever others have. (Waiting
///   for all of them sent most of a fast body's backlog through a lane alone; waiting down to the
///   limit cut multipart-put's MD5 work by 16 %, docs/benchmarks.md.)
/// A lone body is therefore compressed as it arrives, and a slow one never holds back the others
/// by more than the backlog limit. Up to `maxRunners` tasks run passes at once, over different
/// bodies, so many uploads still use every core; a second one starts only when the bodies outside
/// the first one's pass fill all four lanes. Unchecked Sendable: `open` and `runners` are
/// guarded by `lock`, and so is every stream's state but its appender's own.
public final class MD5Lanes: @unchecked Sendable {
    private let lock = NIOLock()
    /// Bodies appending or finishing.
    private var open: [Stream] = []
    /// Tasks running passes.
    private var runners = 0
    /// At most this many tasks run passes at once.
    let maxRunners: Int
    /// Pending blocks beyond which a body waits for them (memory held per body, ×64 bytes). At
    /// 256 KiB instead of 1 MiB multipart-put cost 2.25 / 2.67 against 1.90 / 2.34 ms/MiB (two
    /// alternating runs): bodies waited alone more often.
    let backlogLimit: Int
    /// At most this many bodies at once, which bounds the memory of all backlogs.
    let maxStreams: Int

    /// Lanes holding back at most `backlogLimit` blocks per body (default 1 MiB), compressed by
    /// at most `maxRunners` tasks at once (default: one per core), for at most `maxStreams`
    /// bodies at once (default: eight per runner).
    public init(backlogLimit: Int = 16_384, maxRunners: Int? = nil, maxStreams: Int? = nil) {
        self.backlogLimit = backlogLimit
        self.maxRunners = max(1, maxRunners ?? System.coreCount)
        self.maxStreams = max(1, maxStreams ?? 8 * self.maxRunners)
    }

    /// Bodies open now (tests: every ingest ends its stream, whether it succeeds or throws).
    var openBodies: Int { lock.withLock { open.count } }

    /// A new body's MD5, or nil when `maxStreams` bodies are open (the body then hashes its MD5
    /// itself as it arrives).
    public func stream() -> Stream? {
        let stream = Stream(lanes: self)
        return lock.withLock {
            guard open.count < maxStreams else { return nil }
            open.append(stream)
            return stream
        }
    }

    /// Queues `pieces` of `stream`, then runs passes if one is due, or waits if the body is over
    /// its backlog limit.
    func enqueue(_ pieces: [Piece], for stream: Stream) async {
        let (over, drive) = lock.withLock { () -> (Bool, Bool) in
            stream.pieces += pieces
            stream.pendingBlocks += pieces.reduce(0) { $0 + $1.blocks }
            if stream.pendingBlocks > backlogLimit { return (true, false) }
            guard startsRunner() else { return (false, false) }
            runners += 1
            return (false, true)
        }
        if over { await drain(stream, downTo: backlogLimit) } else if drive { runPasses() }
    }

    /// Returns once at most `target` queued blocks of `stream` are left uncompressed: runs passes
    /// itself when another task may run them, else sleeps until a running task has done them
    /// (each goes on while a body waits). Driving can end with the body's last blocks in another
    /// task's pass, hence the loop.
    func drain(_ stream: Stream, downTo target: Int = 0) async {
        while lock.withLock({ stream.pendingBlocks > target }) {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let drive = lock.withLock { () -> Bool? in
                    if stream.pendingBlocks <= target { return nil }
                    stream.drainTarget = target
                    if stream.inPass || !startsRunner(forWaiter: true) {
                        stream.waiting = .suspended(done)
                        return false
                    }
                    runners += 1
                    stream.waiting = .driving
                    return true
                }
                if drive == false { return }
                if drive == true { runPasses() }
                done.resume()
            }
        }
    }

    /// Forgets `stream`; runs passes if its leaving makes one due (fewer open bodies to wait for).
    func remove(_ stream: Stream) {
        let drive = lock.withLock { () -> Bool in
            open.removeAll { $0 === stream }
            guard startsRunner() else { return false }
            runners += 1
            return true
        }
        if drive { runPasses() }
    }

    /// Whether the caller should start running passes (lock held): when no task runs them, if a
    /// pass is due or the caller's body waits; beside a running task, only if the bodies outside
    /// its pass fill all four lanes of another (else the running task takes them next).
    ///
    /// Letting a second task start whenever a pass was due split four bodies between two passes
    /// on two cores: in multipart-put (4 parts in flight) 8 % of the blocks went through one lane
    /// and 26–41 % through all four; now 1–3 % and 34–50 % (docs/benchmarks.md, "The fourth pass").
    private func startsRunner(forWaiter: Bool = false) -> Bool {
        guard runners < maxRunners else { return false }
        var free = 0, pending = 0
        for stream in open where !stream.inPass {
            free += 1
            if stream.pendingBlocks > 0 { pending += 1 }
        }
        return Self.startsRunner(running: runners, pending: pending, free: free, forWaiter: forWaiter)
    }

    /// ``startsRunner(forWaiter:)`` given how many tasks run passes and how many bodies outside
    /// any pass there are (`free`) and have blocks pending (`pending`); the caller checked that
    /// another task may run.
    static func startsRunner(running: Int, pending: Int, free: Int, forWaiter: Bool) -> Bool {
        if running > 0 { return pending >= 4 }
        return forWaiter || fills(pending: pending, free: free)
    }

    /// Whether `pending` bodies fill the lanes when `free` bodies are outside any pass: all of
    /// them, up to four.
    static func fills(pending: Int, free: Int) -> Bool {
        pending > 0 && pending >= min(free, 4)
    }

    /// Runs passes while one is due or a body waits; the caller counted itself in `runners`.
    private func runPasses() {
        while let pass = lock.withLock({ nextPass(open: open, runners: &runners) }) {
            var lanes = pass
            Self.compress(&lanes)
            let woken = lock.withLock { settle(lanes) }
            for waiter in woken { waiter.resume() }
        }
    }
}
