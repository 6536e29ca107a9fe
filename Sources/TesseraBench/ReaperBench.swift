import Foundation
import TesseraCore
import TesseraServer
import TesseraSQLite

/// `tessera bench reaper`: N in-progress uploads in SQLite in a temporary directory, a fraction
/// of them expired; one lifecycle pass must read exactly the expired entries of the time index.
public struct ReaperBench: Sendable {
    /// A check the run makes failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What was wrong.
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// In-progress uploads.
    public var uploads: Int
    /// Fraction that has expired.
    public var expired: Double
    /// Directory for the throw-away database (default: a new temporary directory, removed after).
    public var directory: String?
    /// Keys (access, secret) of a user added as the bucket's owner, so that a server started on
    /// `directory` serves the bucket to a client (`tessera bench s3 --listing-bucket`).
    public var ownerKeys: (access: String, secret: String)?
    /// When set, the rule counts from the last part (`DaysAfterLastPart`'s walk by activity), the
    /// due uploads had a part a microsecond after their initiation, and this fraction of the others
    /// were initiated among the due ones but have had a part since: rows the walk must pass
    /// over without reading them again at every step.
    public var activeSince: Double?

    /// A run over `uploads` uploads of which `expired` have expired.
    public init(uploads: Int, expired: Double, directory: String?, ownerKeys: (access: String, secret: String)? = nil,
                activeSince: Double? = nil) {
        self.ownerKeys = ownerKeys
        self.activeSince = activeSince
        self.uploads = uploads
        self.expired = expired
        self.directory = directory
    }

    /// Loads the uploads, runs a pass and a second (idle) pass, and checks what each read and aborted.
    public func run() async throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-reaper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if self.directory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let store = try SQLiteMetadataStore(path: directory + "/metadata.sqlite")
        let clock = SettableClock(SystemClock().now())
        let engine = Engine(metadata: store, blobs: InMemoryBlobStore(), clock: clock)
        let owner = Owner(id: "bench", displayName: "bench")
        if let ownerKeys {
            try await store.addCredential(Credential(accessKey: ownerKeys.access, secretKey: ownerKeys.secret, owner: owner,
                                                     isAdmin: false, created: clock.now()))
        }
        let bucket = try BucketName("reaper-bench")
        _ = try await engine.createBucket(bucket, region: "", caller: owner)
        try await engine.putBucketLifecycle(try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "abort-1d", enabled: true, prefix: "",
                              abortIncompleteUpload: AbortIncompleteUpload(days: 1, basis: activeSince == nil ? .initiation : .lastActivity)),
        ]), bucket: bucket, caller: owner)

        let expiredCount = Int(Double(uploads) * expired)
        let (oldIDs, newIDs) = (UploadIDSequence(), UploadIDSequence())
        let old = clock.current.adding(seconds: -3 * 86_400)
        let loadStart = ContinuousClock.now
        var batch: [Upload] = []
        for i in 0..<uploads {
            // Expired uploads are spread evenly through the key space.
            let isExpired = expiredCount > 0 && i % (uploads / expiredCount) == 0 && i / (uploads / expiredCount) < expiredCount
            // Spread evenly through the others, initiated among the due ones and active now.
            let isActive = !isExpired && Double(i % 1_000) < (activeSince ?? 0) * 1_000
            let (t, id) = isExpired || isActive ? oldIDs.next(at: old) : newIDs.next(at: clock.current)
            let partTime = isActive ? clock.current : isExpired && activeSince != nil ? Timestamp(microseconds: t.microseconds + 1) : t
            batch.append(Upload(bucket: bucket, key: try ObjectKey(BenchRun.uploadKey(i)), id: id, initiated: t,
                                lastActivity: partTime, owner: owner, initiator: owner, dialect: .s3, checksumAlgorithm: nil, blockSize: nil,
                                attributes: ObjectAttributes()))
            if batch.count == 50_000 || i == uploads - 1 {
                try await store.createUploads(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        print("loaded \(uploads) uploads (\(expiredCount) expired) in \(Self.seconds(ContinuousClock.now - loadStart)) s")

        let totalsStart = ContinuousClock.now
        let totals = try await engine.uploadTotals()
        print("upload totals (the /metrics query): \(Self.millis(ContinuousClock.now - totalsStart)) ms, \(totals.first?.uploads ?? 0) uploads")

        clock.current = clock.current.adding(seconds: 3600)
        let passStart = ContinuousClock.now
        let report = try await engine.reapExpiredUploads()
        let pass = ContinuousClock.now - passStart
        print("reaper pass: \(Self.millis(pass)) ms, index entries read \(report.visited), aborted \(report.abortedUploads)")
        guard report.abortedUploads == expiredCount, report.visited == expiredCount else {
            throw ReaperBench.Failure("expected \(expiredCount) aborted and read, got \(report.abortedUploads) aborted, \(report.visited) read")
        }
        let idleStart = ContinuousClock.now
        let idle = try await engine.reapExpiredUploads()
        print("second pass (nothing due): \(Self.millis(ContinuousClock.now - idleStart)) ms, index entries read \(idle.visited)")
        let left = try await engine.uploadTotals().first?.uploads ?? -1
        guard idle.visited == 0, left == uploads - expiredCount else { throw ReaperBench.Failure("second pass read \(idle.visited); \(left) uploads left") }
    }

    static func seconds(_ d: Duration) -> String { String(format: "%.1f", d.inSeconds) }
    static func millis(_ d: Duration) -> String { String(format: "%.1f", d.inSeconds * 1000) }
}
