import AsyncAlgorithms
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

    final class EngineBox: @unchecked Sendable {
        var engine: Engine?
    }

    /// Creates the service; attach the engine with ``attach(_:)`` before running.
    public init(logger: Logger) {
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

    /// Runs until graceful shutdown.
    public func run() async throws {
        guard let engine = engineBox.engine else { return }
        await drain(engine)
        let ticks = AsyncTimerSequence(interval: .seconds(30), clock: .continuous).map { _ in () }
        for await _ in merge(stream, ticks).cancelOnGracefulShutdown() {
            await drain(engine)
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
