import Logging
import NIOCore
import ServiceLifecycle
import Testing
import TesseraCore
import TesseraServer
import TesseraTestSupport

/// The collector drains the queue when the engine signals garbage, on its interval when no
/// signal came, and ends on graceful shutdown and on cancellation.
@Suite struct GarbageCollectorServiceTests {
    let bucket = try! BucketName("bkt")
    let owner = Owner(id: "alice-id", displayName: "alice")
    let logger = Logger(label: "gc-test")

    /// An engine over memory stores whose garbage signal is `signal`, with a blob object
    /// overwritten once (one blob queued).
    func engineWithGarbage(signal: @escaping @Sendable () -> Void) async throws -> (Engine, InMemoryMetadataStore) {
        let meta = InMemoryMetadataStore()
        let engine = Engine(metadata: meta, blobs: InMemoryBlobStore(), clock: SystemClock(), garbageQueued: signal)
        _ = try await engine.createBucket(bucket, region: "", caller: owner)
        for size in [64 * 1024, 10] {
            try await put(engine, "k", size: size)
        }
        return (engine, meta)
    }

    /// Writes `size` bytes at `key` (64 KiB make a blob; 10 bytes are kept inline).
    func put(_ engine: Engine, _ key: String, size: Int) async throws {
        _ = try await engine.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([ByteBuffer(repeating: 7, count: size)]),
                                       declaredLength: Int64(size), attributes: ObjectAttributes(),
                                       check: IntegrityCheck(compute: []), caller: owner)
    }

    /// Polls until the queue is empty, for at most five seconds.
    func drained(_ meta: InMemoryMetadataStore) async throws -> Bool {
        for _ in 0..<500 {
            if try await meta.pendingGarbage(limit: 10).isEmpty { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func aSignalDrainsTheQueueAndGracefulShutdownEndsTheService() async throws {
        let gc = GarbageCollectorService(logger: logger, interval: .seconds(3600))
        let (engine, meta) = try await engineWithGarbage(signal: {})
        gc.attach(engine)
        let group = ServiceGroup(configuration: .init(services: [gc], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // The start-up drain empties the queue the setup filled.
            #expect(try await drained(meta))
            // New garbage, then the engine's signal.
            try await put(engine, "k2", size: 64 * 1024)
            _ = try await engine.deleteObject(bucket: bucket, key: try ObjectKey("k2"), caller: owner)
            #expect(try await meta.pendingGarbage(limit: 10).count == 1)
            gc.signal()
            #expect(try await drained(meta))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func theIntervalDrainsWhatNoSignalAnnounced() async throws {
        let gc = GarbageCollectorService(logger: logger, interval: .milliseconds(20))
        let (engine, meta) = try await engineWithGarbage(signal: {})
        gc.attach(engine)
        let run = Task { try await gc.run() }
        #expect(try await drained(meta))
        try await put(engine, "k3", size: 64 * 1024)
        _ = try await engine.deleteObject(bucket: bucket, key: try ObjectKey("k3"), caller: owner)
        #expect(try await drained(meta))
        // Cancellation ends the loop and the interval's task.
        run.cancel()
        try await run.value
    }
}
