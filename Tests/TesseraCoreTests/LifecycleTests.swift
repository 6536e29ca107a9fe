import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// Lifecycle rules and the reaper, with a clock the tests move instead of sleeping.
@Suite struct LifecycleTests {
    let bucket = try! BucketName("bkt")
    static let day: Int64 = 86_400 * 1_000_000
    static let hour: Int64 = 3_600 * 1_000_000

    func rule(_ id: String, prefix: String, days: Int, basis: ExpiryBasis = .initiation, enabled: Bool = true) throws -> LifecycleRule {
        try LifecycleRule(id: id, enabled: enabled, prefix: prefix, abortIncompleteUpload: AbortIncompleteUpload(days: days, basis: basis))
    }

    func setUp(_ rules: [LifecycleRule], clock: ManualClock) async throws -> (Engine, InMemoryMetadataStore) {
        let (engine, meta, _) = makeEngine(clock: clock)
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        try await engine.putBucketLifecycle(try LifecycleConfiguration(rules: rules), bucket: bucket, caller: alice)
        return (engine, meta)
    }

    func start(_ e: Engine, _ key: String) async throws -> (upload: Upload, abortSchedule: AbortSchedule?) {
        try await e.createMultipartUpload(bucket: bucket, key: try ObjectKey(key), attributes: .init(), checksumAlgorithm: nil,
                                          dialect: .s3, caller: alice)
    }

    func put(_ e: Engine, _ u: Upload, _ n: Int, size: Int = 1000) async throws -> AbortSchedule? {
        try await e.uploadPart(bucket: bucket, key: u.key, uploadID: u.id, number: try PartNumber(n), body: .buffers([bytes(size)]),
                               declaredLength: Int64(size), check: .none, caller: alice).abortSchedule
    }

    func alive(_ meta: InMemoryMetadataStore, _ u: Upload) async throws -> Bool {
        try await meta.upload(bucket: bucket, id: u.id) != nil
    }

    @Test func abortDateIsTheNextMidnightAfterTheDays() throws {
        let start = utc("2026-11-22T10:30:00.000Z")
        #expect(AbortSchedule.abortDate(from: start, days: 1) == utc("2026-11-24T00:00:00.000Z"))
        let midnight = utc("2026-11-22T00:00:00.000Z")
        #expect(AbortSchedule.abortDate(from: midnight, days: 2) == utc("2026-11-24T00:00:00.000Z"))
    }

    /// A rule may count any positive number of days, as S3's does. One that reaches past
    /// 9999-12-31 schedules that date and never expires an upload, where the arithmetic in
    /// microseconds used to overflow and stop the server.
    @Test func daysPastTheLastDateAreHeldThereWithoutOverflow() {
        let start = utc("2026-11-22T10:30:00.000Z"), latest = utc("9999-12-31T00:00:00.000Z")
        #expect(AbortSchedule.latest == latest)
        for days in [2_920_000, 106_751_991, Int(Int32.max), Int.max / 86_400 + 1, Int.max] {
            #expect(AbortSchedule.abortDate(from: start, days: days) == latest, "days \(days)")
            let cutoff = AbortSchedule.cutoff(now: start, days: days)
            #expect(cutoff < utc("0001-01-01T00:00:00.000Z"), "days \(days)")
            #expect(!(start <= cutoff))
        }
        #expect(AbortSchedule.abortDate(from: start, days: 2_910_000) < latest)
    }

    @Test func cutoffAgreesWithAbortDate() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let start = Timestamp(microseconds: Int64.random(in: 1_600_000_000_000_000...1_900_000_000_000_000, using: &rng))
            let days = Int.random(in: 1...40, using: &rng)
            // Probe near the interesting instants as well as at random.
            let date = AbortSchedule.abortDate(from: start, days: days)
            let now = Timestamp(microseconds: date.microseconds + Int64.random(in: -2 * Self.day...2 * Self.day, using: &rng)
                                    * (Bool.random(using: &rng) ? 1 : 0) + Int64.random(in: -1...1, using: &rng))
            #expect(date.microseconds % Self.day == 0)
            #expect(date >= start.adding(seconds: Int64(days) * 86_400))
            #expect(date < start.adding(seconds: Int64(days + 1) * 86_400))
            #expect((date <= now) == (start <= AbortSchedule.cutoff(now: now, days: days)), "start \(start.microseconds) days \(days) now \(now.microseconds)")
        }
    }

    @Test func reaperAbortsExactlyExpiredUploadsUnderThePrefix() async throws {
        let clock = ManualClock()
        let (e, meta) = try await setUp([try rule("tmp-1d", prefix: "tmp/", days: 1)], clock: clock)
        let (old, oldSchedule) = try await start(e, "tmp/old")
        let (kept, keptSchedule) = try await start(e, "keep/old")
        #expect(oldSchedule?.ruleID == "tmp-1d")
        #expect(keptSchedule == nil)
        _ = try await put(e, old, 1)
        let deadline = try #require(oldSchedule).date

        clock.advance(microseconds: deadline.microseconds - clock.now().microseconds - Self.hour)
        let (young, _) = try await start(e, "tmp/young")
        var report = try await e.reapExpiredUploads()
        #expect(report.abortedUploads == 0)
        #expect(try await alive(meta, old))

        clock.advance(microseconds: 2 * Self.hour)
        report = try await e.reapExpiredUploads()
        #expect(report.abortedUploads == 1)
        #expect(report.abortedParts == 1)
        #expect(report.reclaimedBytes == 1000)
        #expect(report.visited == 2)  // keep/old is as old, so the walk reads it too; nothing newer
        #expect(try await !alive(meta, old))
        #expect(try await alive(meta, young))
        #expect(try await alive(meta, kept))
        #expect(try await meta.pendingGarbage(limit: 10).count == 1)
        // A second pass finds nothing more.
        #expect(try await e.reapExpiredUploads().abortedUploads == 0)
    }

    @Test func lastPartRuleSparesAnUploadThatKeepsMakingProgress() async throws {
        let clock = ManualClock()
        let (e, meta) = try await setUp([try rule("idle-1d", prefix: "", days: 1, basis: .lastActivity)], clock: clock)
        let (busy, _) = try await start(e, "busy")
        let (idle, _) = try await start(e, "idle")
        var lastSchedule: AbortSchedule?
        for n in 1...6 {
            clock.advance(microseconds: 20 * Self.hour)
            lastSchedule = try await put(e, busy, n)
            _ = try await e.reapExpiredUploads()
            #expect(try await alive(meta, busy), "part \(n)")
        }
        #expect(try await !alive(meta, idle))
        #expect(lastSchedule == AbortSchedule(date: AbortSchedule.abortDate(from: clock.now(), days: 1), ruleID: "idle-1d"))
        // The same upload under an initiation rule would long be gone.
        let byInitiation = try LifecycleConfiguration(rules: [try rule("init-1d", prefix: "", days: 1)])
        let current = try #require(try await meta.upload(bucket: bucket, id: busy.id))
        #expect(try #require(byInitiation.abortSchedule(key: current.key, initiated: current.initiated, lastActivity: current.lastActivity)).date < clock.now())
    }

    @Test func disabledRulesAndBucketsWithoutRulesLoseNothing() async throws {
        let clock = ManualClock()
        let (e, meta) = try await setUp([try rule("off", prefix: "", days: 1, enabled: false)], clock: clock)
        let other = try BucketName("norules")
        _ = try await e.createBucket(other, region: "", caller: alice)
        let (u, schedule) = try await start(e, "k")
        let v = try await e.createMultipartUpload(bucket: other, key: try ObjectKey("k"), attributes: .init(), checksumAlgorithm: nil,
                                                  dialect: .bos, caller: alice).upload
        #expect(schedule == nil)
        clock.advance(microseconds: 400 * Self.day)
        let report = try await e.reapExpiredUploads()
        #expect(report == ReapReport())
        #expect(try await alive(meta, u))
        #expect(try await meta.upload(bucket: other, id: v.id) != nil)
    }

    @Test func theEarliestOfOverlappingRulesWins() async throws {
        let clock = ManualClock()
        let (e, _) = try await setUp([try rule("all-7d", prefix: "", days: 7), try rule("tmp-2d", prefix: "tmp/", days: 2)], clock: clock)
        #expect(try await start(e, "tmp/x").abortSchedule?.ruleID == "tmp-2d")
        #expect(try await start(e, "other").abortSchedule?.ruleID == "all-7d")
    }

    @Test func aRuleMayNotRepeatAnIDOrCountZeroDays() throws {
        #expect(throws: StorageError.self) { try LifecycleConfiguration(rules: [try rule("a", prefix: "", days: 1), try rule("a", prefix: "x", days: 2)]) }
        #expect(throws: StorageError.self) { try rule("zero", prefix: "", days: 0) }
        #expect(throws: StorageError.self) { try LifecycleConfiguration(rules: []) }
    }

    @Test func lifecycleBelongsToTheBucketOwner() async throws {
        let (e, _) = try await setUp([try rule("r", prefix: "", days: 3)], clock: ManualClock())
        await #expect(throws: StorageError.self) { try await e.bucketLifecycle(bucket: bucket, caller: bob) }
        #expect(try await e.bucketLifecycle(bucket: bucket, caller: alice).rules.map(\.id) == ["r"])
        try await e.deleteBucketLifecycle(bucket: bucket, caller: alice)
        let error = await #expect(throws: StorageError.self) { try await e.bucketLifecycle(bucket: bucket, caller: alice) }
        #expect(error?.code == .noSuchLifecycleConfiguration)
    }

    @Test func administratorsListOldestFirstAcrossBuckets() async throws {
        let clock = ManualClock()
        let (e, _) = try await setUp([try rule("r", prefix: "", days: 3)], clock: clock)
        let second = try BucketName("another")
        _ = try await e.createBucket(second, region: "", caller: bob)
        var expected: [UploadID] = []
        for i in 0..<7 {
            expected.append(try await start(e, "k\(6 - i)").upload.id)
            clock.advance(microseconds: Self.hour)
        }
        let theirs = try await e.createMultipartUpload(bucket: second, key: try ObjectKey("z"), attributes: .init(), checksumAlgorithm: nil,
                                                       dialect: .ufile, caller: bob).upload
        clock.advance(microseconds: Self.hour)
        _ = try await start(e, "too-young")
        let cutoff = clock.now().adding(seconds: -1800)
        var seen: [UploadID] = []
        var cursor: AdminUploadCursor?
        repeat {
            let page = try await e.administeredUploads(bucket: nil, prefix: [], initiatedBy: cutoff, after: cursor, limit: 3)
            seen += page.uploads.map(\.id)
            cursor = page.next
        } while cursor != nil
        // Buckets by name ("another" < "bkt"), each oldest first.
        #expect(seen == [theirs.id] + expected)
        let prefixed = try await e.administeredUploads(bucket: bucket, prefix: Array("k6".utf8), initiatedBy: cutoff, after: nil, limit: 10)
        #expect(prefixed.uploads.map(\.id) == [expected[0]])
        let gone = try await e.administrativeAbort(bucket: second, uploadID: theirs.id)
        #expect(gone.id == theirs.id)
    }
}
