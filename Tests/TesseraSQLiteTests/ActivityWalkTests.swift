import GRDB
import Testing
import TesseraTestSupport
import TesseraCore
@testable import TesseraSQLite

/// The walk by last activity over every store, with the rows the SQLite store finds in three
/// indexes (migration v17): uploads whose activity is their initiation, under each kind of id
/// ``InitiationWalkTests`` seeds, and uploads whose activity is later, set at creation or moved by
/// a part. Each batch size must visit exactly the uploads up to the cutoff, once each, in
/// (last activity, id) order.
@Suite struct ActivityWalkTests {
    /// ``InitiationWalkTests``'s mix, a third of it active later: at creation (an import) or by a
    /// part. Generated ids keep even microseconds and the others odd ones, at every time, so no
    /// TEXT and BLOB id tie (their order at one time is the store's own).
    static func uploads(_ s: any MetadataStore, _ b: BucketName, count: Int, seed: UInt64) async throws -> [Upload] {
        var rng = SeededRandom(seed: seed)
        var all = try InitiationWalkTests.uploads(b, count: count, seed: seed)
        for i in all.indices {
            let parity = all[i].id.value.hasPrefix("text-") ? Int64(1) : 0
            let later = Timestamp(microseconds: t0.microseconds + 2 * Int64.random(in: 0...400, using: &rng) + parity)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                all[i].lastActivity = later
                try await s.createUpload(all[i])
            case 1:
                all[i].lastActivity = all[i].initiated
                try await s.createUpload(all[i])
                var p = part(all[i], 1, blob: "b\(i)")
                p.lastModified = later
                try await s.putPart(p, bucket: b)
                all[i].lastActivity = max(all[i].initiated, later)
            default:
                all[i].lastActivity = all[i].initiated
                try await s.createUpload(all[i])
            }
        }
        return all
    }

    static func inOrder(_ all: [Upload], upTo cutoff: Timestamp) -> [UploadID] {
        InitiationWalkTests.inOrder(all, upTo: cutoff, by: \.lastActivity)
    }

    static func walk(_ s: any MetadataStore, _ b: BucketName, upTo cutoff: Timestamp, limit: Int,
                     aborting: Bool = false) async throws -> [UploadID] {
        try await InitiationWalkTests.walk(s, b, upTo: cutoff, limit: limit, basis: .lastActivity, aborting: aborting)
    }

    @Test(arguments: StoreKind.allCases)
    func everyBatchSizeVisitsTheUploadsUpToTheCutoffInOrder(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let all = try await Self.uploads(s, b, count: 240, seed: 36)
        #expect(all.contains { $0.lastActivity != $0.initiated } && all.contains { $0.lastActivity == $0.initiated })
        for cutoff in [t0.adding(seconds: -1), Timestamp(microseconds: t0.microseconds + 300), Timestamp(microseconds: .max)] {
            let expected = Self.inOrder(all, upTo: cutoff)
            for limit in [1, 3, 7, 50, 1_000] {
                #expect(try await Self.walk(s, b, upTo: cutoff, limit: limit) == expected, "cutoff \(cutoff.microseconds), limit \(limit)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func abortingByActivityTakesEachDueUploadOnce(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let all = try await Self.uploads(s, b, count: 120, seed: 17)
        let cutoff = Timestamp(microseconds: t0.microseconds + 250)
        let aborted = try await Self.walk(s, b, upTo: cutoff, limit: 4, aborting: true)
        #expect(aborted == Self.inOrder(all, upTo: cutoff))
        #expect(try await s.uploadTotals().first?.uploads == all.filter { $0.lastActivity > cutoff }.count)
    }

    /// The partial index holds exactly the rows whose activity is not their initiation, and a
    /// part moves a row into it.
    @Test func thePartialIndexHoldsOnlyTheRowsActiveAfterTheirInitiation() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v17.sqlite").path
        let s = try SQLiteMetadataStore(path: path)
        let b = try await bucket(s)
        let all = try await Self.uploads(s, b, count: 60, seed: 5)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let apart = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads INDEXED BY uploads_active_apart WHERE \(ActivityOrder.apart)")
        }
        #expect(apart == all.filter { $0.lastActivity != $0.initiated }.count)
        #expect(try await queue.read { db in try Bool.fetchOne(db, sql: "SELECT COUNT(*) = 0 FROM sqlite_schema WHERE name = 'uploads_by_activity'") } == true)
    }

    /// Takes a database back to before v17: the full index by activity.
    static func undoV17(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX uploads_active_apart;
            CREATE INDEX uploads_by_activity ON uploads(bucket, last_activity, upload_id);
            DELETE FROM grdb_migrations WHERE identifier = 'v17-activity-apart';
            """)
    }

    /// A database from before v17 migrates: the index by activity keeps only the rows active
    /// after their initiation, and every walk reads as before.
    @Test func theMigrationKeepsApartOnlyTheRowsActiveAfterTheirInitiation() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v16.sqlite").path
        let all: [Upload]
        do {
            let s = try SQLiteMetadataStore(path: path)
            let b = try await bucket(s)
            all = try await Self.uploads(s, b, count: 90, seed: 16)
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try Self.undoV17(db) }
        let s = try SQLiteMetadataStore(path: path)
        let apart = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads INDEXED BY uploads_active_apart WHERE \(ActivityOrder.apart)")
        }
        #expect(apart == all.filter { $0.lastActivity != $0.initiated }.count)
        try queue.close()
        let cutoff = Timestamp(microseconds: t0.microseconds + 200)
        #expect(try await Self.walk(s, all[0].bucket, upTo: cutoff, limit: 5) == Self.inOrder(all, upTo: cutoff))
    }
}
