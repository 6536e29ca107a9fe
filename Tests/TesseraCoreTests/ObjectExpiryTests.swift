import Foundation
import NIOCore
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// Lifecycle expiration: the rules' checks and filters, expiry dates, and the reaper deleting
/// exactly the expired objects, with a clock the tests move instead of sleeping.
@Suite struct ObjectExpiryTests {
    let bucket = try! BucketName("bkt")
    static let day: Int64 = 86_400 * 1_000_000
    static let hour: Int64 = 3_600 * 1_000_000

    func expiring(_ id: String, prefix: String = "", days: Int, tags: [ObjectTag] = [], above: Int64? = nil, below: Int64? = nil,
                  enabled: Bool = true) throws -> LifecycleRule {
        try LifecycleRule(id: id, enabled: enabled, prefix: prefix, tags: tags, objectSizeGreaterThan: above, objectSizeLessThan: below,
                          abortIncompleteUpload: nil, expiration: .days(days))
    }

    func setUp(_ rules: [LifecycleRule], clock: ManualClock) async throws -> (Engine, InMemoryMetadataStore) {
        let (engine, meta, _) = makeEngine(clock: clock)
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        try await engine.putBucketLifecycle(try LifecycleConfiguration(rules: rules), bucket: bucket, caller: alice)
        return (engine, meta)
    }

    @discardableResult
    func put(_ e: Engine, _ key: String, size: Int = 100, tags: [ObjectTag]? = nil) async throws -> ObjectRecord {
        var attributes = ObjectAttributes()
        attributes.tags = tags
        return try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([bytes(size)]), declaredLength: Int64(size),
                                     attributes: attributes, check: .none, caller: alice)
    }

    func keys(_ meta: InMemoryMetadataStore) async throws -> [String] {
        try await meta.readObjectIndex(bucket: bucket, manifests: false) { r in
            try r.read(IndexRange(position: .start, prefix: [], limit: 1000)).map(\.key.value)
        }
    }

    @Test func rulesAreCheckedAsS3ChecksThem() throws {
        func code(_ make: () throws -> LifecycleRule) -> StorageError.Code? {
            do { _ = try make(); return nil } catch { return (error as? StorageError)?.code }
        }
        let abort = AbortIncompleteUpload(days: 1, basis: .initiation)
        let tag = ObjectTag(key: "k", value: "v")
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", abortIncompleteUpload: nil) } == .malformedDocument)
        #expect(code { try expiring("x", days: 0) } == .invalidArgument)
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .date(utc("2027-01-01T00:00:01Z"))) } == .invalidArgument)
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .date(utc("2027-01-01T00:00:00Z"))) } == nil)
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", tags: [tag], abortIncompleteUpload: abort) } == .invalidRequest)
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", objectSizeLessThan: 9, abortIncompleteUpload: abort) } == .invalidRequest)
        #expect(code { try expiring("x", days: 1, tags: [tag, ObjectTag(key: "k", value: "w")]) } == .invalidRequest)
        #expect(code { try expiring("x", days: 1, above: 10, below: 10) } == .invalidArgument)
        #expect(code { try expiring("x", days: 1, above: -1) } == .invalidArgument)
        #expect(code { try LifecycleRule(id: "x", enabled: true, prefix: "", abortIncompleteUpload: abort, expiration: .expiredObjectDeleteMarker) } == nil)
    }

    @Test func aFilterSelectsByPrefixEveryTagAndStrictSizes() throws {
        func object(_ key: String, size: Int64, tags: [ObjectTag]? = nil) throws -> ObjectRecord {
            var attributes = ObjectAttributes()
            attributes.tags = tags
            return ObjectRecord(bucket: bucket, key: try ObjectKey(key), size: size, etag: ETag(hex: "00"), lastModified: Timestamp(microseconds: 0),
                                attributes: attributes, checksums: [], manifest: [], owner: alice, inlineContent: nil)
        }
        let a = ObjectTag(key: "a", value: "1"), b = ObjectTag(key: "b", value: "2")
        let rule = try expiring("r", prefix: "logs/", days: 1, tags: [a, b], above: 10, below: 20)
        #expect(rule.selects(try object("logs/x", size: 15, tags: [b, ObjectTag(key: "c", value: ""), a])))
        #expect(!rule.selects(try object("logs/x", size: 15, tags: [a])))
        #expect(!rule.selects(try object("logs/x", size: 15, tags: [a, ObjectTag(key: "b", value: "3")])))
        #expect(!rule.selects(try object("logs/x", size: 10, tags: [a, b])))
        #expect(!rule.selects(try object("logs/x", size: 20, tags: [a, b])))
        #expect(!rule.selects(try object("other/x", size: 15, tags: [a, b])))
        #expect(try expiring("all", days: 1).selects(try object("anything", size: 0)))
    }

    @Test func theEarliestEnabledRuleGivesTheExpiry() throws {
        let written = utc("2026-11-22T10:30:00Z")
        let object = ObjectRecord(bucket: bucket, key: try ObjectKey("tmp/a"), size: 5, etag: ETag(hex: "00"), lastModified: written,
                                  attributes: ObjectAttributes(), checksums: [], manifest: [], owner: alice, inlineContent: nil)
        let c = try LifecycleConfiguration(rules: [
            try expiring("all-30", days: 30),
            try expiring("tmp-2", prefix: "tmp/", days: 2),
            try expiring("off-1", days: 1, enabled: false),
            try LifecycleRule(id: "markers", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .expiredObjectDeleteMarker),
        ])
        #expect(c.expirySchedule(of: object) == AbortSchedule(date: utc("2026-11-25T00:00:00Z"), ruleID: "tmp-2"))
        let dated = try LifecycleConfiguration(rules: [try LifecycleRule(id: "d", enabled: true, prefix: "", abortIncompleteUpload: nil,
                                                                         expiration: .date(utc("2026-01-01T00:00:00Z")))])
        #expect(dated.expirySchedule(of: object)?.date == utc("2026-01-01T00:00:00Z"))
        #expect(try LifecycleConfiguration(rules: [try expiring("x", prefix: "logs/", days: 1)]).expirySchedule(of: object) == nil)
    }

    @Test func reaperDeletesExactlyTheExpiredObjectsTheFilterSelects() async throws {
        let clock = ManualClock(utc("2026-11-22T10:30:00Z"))
        let hot = ObjectTag(key: "class", value: "tmp")
        let (e, meta) = try await setUp([try expiring("tmp-1d", prefix: "tmp/", days: 1, tags: [hot], below: 50_000)], clock: clock)
        try await put(e, "tmp/old", tags: [hot])
        try await put(e, "tmp/large", size: 60_000, tags: [hot])
        try await put(e, "tmp/untagged")
        try await put(e, "keep/old", tags: [hot])
        try await put(e, "tmp/blob", size: 20_000, tags: [hot, ObjectTag(key: "x", value: "y")])

        clock.advance(microseconds: 37 * Self.hour)  // 2026-11-23T23:30: before the expiry date, 11-24T00:00
        try await put(e, "tmp/young", tags: [hot])
        var report = try await e.expireObjects(batchSize: 2)
        #expect(report.expiredObjects == 0)
        #expect(report.objectsRead == 5)

        clock.advance(microseconds: Self.hour)  // 2026-11-24T00:30
        // The console's preview counts what the pass is about to delete, and deletes nothing.
        let rule = try expiring("tmp-1d", prefix: "tmp/", days: 1, tags: [hot], below: 50_000)
        let preview = try await e.expiryPreview(bucket: bucket, rule: rule, limit: 100)
        #expect(preview.objects == 2 && preview.bytes == 20_100 && !preview.capped)
        #expect(try await e.expiryPreview(bucket: bucket, rule: rule, limit: 1) == (2, 20_100, false))  // one batch read them all
        let capped = try await e.expiryPreview(bucket: bucket, rule: rule, limit: 2, batchSize: 2)
        #expect(capped.capped && capped.objects <= 2)
        #expect(try await keys(meta).count == 6)
        report = try await e.expireObjects(batchSize: 2)
        #expect(report.expiredObjects == 2)
        #expect(report.expiredBytes == 20_100)
        #expect(report.bucketsSwept == 1)
        #expect(try await keys(meta) == ["keep/old", "tmp/large", "tmp/untagged", "tmp/young"])
        #expect(try await meta.pendingGarbage(limit: 10).count == 1)  // the blob's; the small one was inline

        clock.advance(microseconds: Self.day)
        #expect(try await e.expireObjects().expiredObjects == 1)  // tmp/young, a day younger
        #expect(try await keys(meta) == ["keep/old", "tmp/large", "tmp/untagged"])
    }

    @Test func aDatedRuleExpiresEverySelectedObjectOnceItsDateHasPassed() async throws {
        let clock = ManualClock(utc("2026-11-22T10:30:00Z"))
        let rule = try LifecycleRule(id: "d", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .date(utc("2026-11-23T00:00:00Z")))
        let (e, meta) = try await setUp([rule], clock: clock)
        try await put(e, "a")
        #expect(try await e.expireObjects().expiredObjects == 0)
        clock.advance(microseconds: 14 * Self.hour)
        try await put(e, "b")  // written after the date: expires at the next pass
        #expect(try await e.expireObjects().expiredObjects == 2)
        #expect(try await keys(meta).isEmpty)
    }

    @Test func aRuleWalksItsObjectsOnceADayAndAgainWhenItChanges() async throws {
        let clock = ManualClock(utc("2026-11-22T10:30:00Z"))
        let (e, meta) = try await setUp([try expiring("r", days: 1)], clock: clock)
        try await put(e, "a")
        try await put(e, "b")
        let sweeps = ExpirySweeps()
        #expect(try await e.expireObjects(sweeps: sweeps).objectsRead == 2)
        clock.advance(microseconds: 12 * Self.hour)  // 22:30, the same UTC day
        #expect(try await e.expireObjects(sweeps: sweeps) == ReapReport())
        try await e.putBucketLifecycle(try LifecycleConfiguration(rules: [try expiring("r", prefix: "a", days: 1)]), bucket: bucket, caller: alice)
        #expect(try await e.expireObjects(sweeps: sweeps).objectsRead == 1)
        clock.advance(microseconds: 26 * Self.hour)  // 11-24T00:30: a new day, and "a" has expired
        let report = try await e.expireObjects(sweeps: sweeps)
        #expect(report.expiredObjects == 1)
        #expect(try await keys(meta) == ["b"])
    }

    @Test func disabledRulesAndDeleteMarkerRulesDeleteNothing() async throws {
        let clock = ManualClock()
        let markers = try LifecycleRule(id: "m", enabled: true, prefix: "", abortIncompleteUpload: AbortIncompleteUpload(days: 1, basis: .initiation),
                                        expiration: .expiredObjectDeleteMarker)
        let (e, meta) = try await setUp([try expiring("off", days: 1, enabled: false), markers], clock: clock)
        try await put(e, "a")
        clock.advance(microseconds: 400 * Self.day)
        #expect(try await e.reap() .expiredObjects == 0)
        #expect(try await keys(meta) == ["a"])
    }

    @Test func rulesStoredBeforeExpirationStillRead() throws {
        let old = #"{"rules":[{"id":"r","enabled":true,"prefix":"tmp/","abortIncompleteUpload":{"days":2,"basis":"initiation"}}]}"#
        let c = try JSONDecoder().decode(LifecycleConfiguration.self, from: Data(old.utf8))
        #expect(c.rules == [try LifecycleRule(id: "r", enabled: true, prefix: "tmp/", abortIncompleteUpload: AbortIncompleteUpload(days: 2, basis: .initiation))])
        let full = try LifecycleConfiguration(rules: [
            try expiring("e", prefix: "p/", days: 3, tags: [ObjectTag(key: "k", value: "v")], above: 1, below: 9),
            try LifecycleRule(id: "d", enabled: false, prefix: "", abortIncompleteUpload: nil, expiration: .date(utc("2027-01-01T00:00:00Z"))),
        ])
        #expect(try JSONDecoder().decode(LifecycleConfiguration.self, from: JSONEncoder().encode(full)) == full)
    }
}
