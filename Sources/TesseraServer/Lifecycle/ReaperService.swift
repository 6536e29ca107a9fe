import AsyncAlgorithms
public import Logging
public import ServiceLifecycle
public import TesseraCore

/// Runs the engine's reaper: once shortly after start-up, then every `interval`, and on demand
/// (the admin endpoint). Passes never overlap; each is recorded in the metrics.
public final class ReaperService: Service, Sendable {
    private let engine: Engine
    private let interval: Duration?
    private let metrics: ServerMetrics
    private let logger: Logger
    private let gate = PassGate()
    /// Which expiration rules have walked their objects today (see ``ExpirySweeps``).
    private let sweeps = ExpirySweeps()

    /// Creates the service; `interval` `nil` runs passes only on demand.
    public init(engine: Engine, interval: Duration?, metrics: ServerMetrics, logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        guard let interval else {
            try? await gracefulShutdown()
            return
        }
        _ = try? await runPass()
        for await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            _ = try? await runPass()
        }
    }

    /// One pass now (waits for a pass already running to finish first).
    public func runPass() async throws -> ReapReport {
        try await gate.exclusively {
            let started = ContinuousClock.now
            do {
                let report = try await engine.reap(sweeps: sweeps)
                let seconds = (ContinuousClock.now - started).inSeconds
                metrics.recordReap(report, seconds: seconds, finishedAt: engine.clock.now())
                if report.abortedUploads > 0 {
                    logger.notice("reaper aborted \(report.abortedUploads) uploads (\(report.reclaimedBytes) bytes), read \(report.visited) index entries")
                }
                if report.expiredObjects > 0 {
                    logger.notice("reaper expired \(report.expiredObjects) objects (\(report.expiredBytes) bytes), read \(report.objectsRead) objects")
                }
                return report
            } catch {
                metrics.reaperFailures.increment()
                logger.error("reaper pass failed: \(error)")
                throw error
            }
        }
    }
}

/// Lets one async operation run at a time.
actor PassGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
