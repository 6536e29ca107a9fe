import Foundation
import TesseraCore
import TesseraSQLite

/// `tessera bench expiry`: N objects in SQLite in a temporary directory, a fraction of them
/// written three days ago under a one-day expiration rule, the rest now. One reaper pass must
/// read every object under the rule's prefix and delete exactly the expired ones; a second pass
/// the same day must read none (``ExpirySweeps``). Prints the pass's time, objects read a second
/// and the process's peak RSS.
public struct ExpiryBench: Sendable {
    /// Objects.
    public var objects: Int
    /// Fraction that has expired.
    public var expired: Double

    /// A run over `objects` objects of which `expired` have expired.
    public init(objects: Int, expired: Double) {
        self.objects = objects
        self.expired = expired
    }

    /// Loads the objects, runs a pass and a second (same-day) pass, and checks what each read and deleted.
    public func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-expiry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteMetadataStore(path: directory + "/metadata.sqlite")
        // Mid-morning UTC, so that the pass an hour later is on the same UTC day as the load.
        let now = SystemClock().now()
        let clock = SettableClock(Timestamp(seconds: now.seconds - now.seconds % 86_400 + 10 * 3600))
        let engine = Engine(metadata: store, blobs: InMemoryBlobStore(), clock: clock)
        let owner = Owner(id: "bench", displayName: "bench")
        let bucket = try BucketName("expiry-bench")
        _ = try await engine.createBucket(bucket, region: "", caller: owner)
        try await engine.putBucketLifecycle(try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "expire-1d", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .days(1)),
        ]), bucket: bucket, caller: owner)

        let expiredCount = Int(Double(objects) * expired)
        let every = expiredCount > 0 ? objects / expiredCount : Int.max
        let (fresh, old) = (clock.current, clock.current.adding(seconds: -3 * 86_400))
        let loadStart = ContinuousClock.now
        // Many writes in flight at once, so the group commit batches them.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<64 {
                group.addTask {
                    for i in stride(from: lane, to: objects, by: 64) {
                        let isExpired = i % every == 0 && i / every < expiredCount
                        let record = ObjectRecord(bucket: bucket, key: try ObjectKey(BenchRun.uploadKey(i)), size: 1000,
                                                  etag: ETag(hex: "9b2cf535f27731c974343645a3985328"),
                                                  lastModified: isExpired ? old : fresh, attributes: ObjectAttributes(), checksums: [],
                                                  manifest: [Segment(blob: BlobID.generate(), size: 1000)], owner: owner)
                        try await store.putObject(record, condition: .none)
                    }
                }
            }
            try await group.waitForAll()
        }
        print("loaded \(objects) objects (\(expiredCount) expired) in \(ReaperBench.seconds(ContinuousClock.now - loadStart)) s")

        clock.current = clock.current.adding(seconds: 3600)
        let sweeps = ExpirySweeps()
        let passStart = ContinuousClock.now
        let report = try await engine.expireObjects(sweeps: sweeps)
        let pass = ContinuousClock.now - passStart
        let rate = Double(report.objectsRead) / max(pass.inSeconds, 1e-9)
        print("expiry pass: \(ReaperBench.millis(pass)) ms, objects read \(report.objectsRead) (\(Int(rate)) a second), deleted \(report.expiredObjects)")
        guard report.expiredObjects == expiredCount, report.objectsRead == objects else {
            throw ReaperBench.Failure("expected \(expiredCount) deleted of \(objects) read, got \(report.expiredObjects) of \(report.objectsRead)")
        }
        let idleStart = ContinuousClock.now
        let idle = try await engine.expireObjects(sweeps: sweeps)
        print("second pass the same day: \(ReaperBench.millis(ContinuousClock.now - idleStart)) ms, objects read \(idle.objectsRead)")
        guard idle.objectsRead == 0 else { throw ReaperBench.Failure("the second pass read \(idle.objectsRead) objects") }
        let peak = ProcessStats(pids: [getpid()], databasePid: nil).peakRSSMiB()
        print("peak RSS: \(Int(peak)) MiB")
    }
}
