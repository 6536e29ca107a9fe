public import Logging
public import ServiceLifecycle
public import TesseraCore

/// Drains the blob GC queue: at start-up (so a crash between a commit and its blob deletions
/// leaks nothing), whenever the engine signals new garbage, and on an interval.
public final class GarbageCollectorService: Service, Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let logger: Logger
    private let engineBox: EngineBox
    private let interval: Duration

    final class EngineBox: @unchecked Sendable {
        var engine: Engine?
    }

    /// Creates the service, draining also every `interval` (a signal lost to a crash is found at
    /// the next start; the interval catches anything else); attach the engine with
    /// ``attach(_:)`` before running.
    public init(logger: Logger, interval: Duration = .seconds(30)) {
        self.interval = interval
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.logger = logger
        self.engineBox = EngineBox()
    }

    /// The callback the engine calls when it queued garbage.
    public var signal: @Sendable () -> Void {
        let c = continuation
        return { c.yield() }
    }

    /// Sets the engine to collect for.
    public func attach(_ engine: Engine) { engineBox.engine = engine }

    /// Runs until graceful shutdown (or cancellation).
    ///
    /// The signals and a tick every `interval` arrive on one stream, read by a plain loop. This
    /// was `merge(signals, timer).cancelOnGracefulShutdown()` (swift-async-algorithms), two merges
    /// whose child tasks, state machines and generic metadata a signal passed through before the
    /// drain began: 46,000 of a DeleteObject's 389,000 instructions under callgrind, on every
    /// write that queued garbage. docs/benchmarks.md, "The thirty-second pass".
    public func run() async throws {
        guard let engine = engineBox.engine else { return }
        let continuation = self.continuation
        let interval = self.interval
        await withDiscardingTaskGroup { group in
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil { continuation.yield() }
            }
            await withGracefulShutdownHandler {
                await drain(engine)
                for await _ in stream { await drain(engine) }
            } onGracefulShutdown: {
                continuation.finish()
            }
            group.cancelAll()
        }
    }

    private func drain(_ engine: Engine) async {
        do {
            try await engine.drainGarbage()
        } catch {
            logger.error("garbage collection failed: \(error)")
        }
    }
}
