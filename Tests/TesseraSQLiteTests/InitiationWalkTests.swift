import GRDB
import Testing
import TesseraTestSupport
import TesseraCore
@testable import TesseraSQLite

/// The walk by initiation over every store, with the ids the SQLite store keeps apart from their
/// time (migration v16): generated ids at their own time, generated ids at another time, ids not
/// generated, times before 1970, and ties on time. Each batch size must visit exactly the uploads
/// up to the cutoff, once each, in (initiated, id) order.
@Suite struct InitiationWalkTests {
    /// A seeded mix: even microseconds for generated ids (ties among them), odd ones for the
    /// others (an order between a TEXT and a BLOB id of one time is the store's own).
    static func uploads(_ b: BucketName, count: Int, seed: UInt64) throws -> [Upload] {
        var rng = SeededRandom(seed: seed)
        return try (0..<count).map { i in
            let tick = Int64.random(in: -20...300, using: &rng)
            let time = Timestamp(microseconds: t0.microseconds * (tick < -15 ? -1 : 1) + 2 * tick)
            let id: String
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6: id = UploadID.generate(at: time).value
            case 6, 7: id = UploadID.generate(at: Timestamp(microseconds: time.microseconds + 2 * Int64.random(in: 1...9, using: &rng))).value
            default: id = "text-\(i)"
            }
            var u = try upload(b, "k/\(i % 7)", id)
            u.initiated = id.hasPrefix("text-") ? Timestamp(microseconds: time.microseconds + 1) : time
            return u
        }
    }

    /// The ids of `all` up to `cutoff` by `time`, in (`time`, id) order.
    static func inOrder(_ all: [Upload], upTo cutoff: Timestamp, by time: KeyPath<Upload, Timestamp> = \.initiated) -> [UploadID] {
        all.filter { $0[keyPath: time] <= cutoff }
            .sorted { a, b in
                a[keyPath: time] != b[keyPath: time] ? a[keyPath: time] < b[keyPath: time] : a.id.value.utf8.lexicographicallyPrecedes(b.id.value.utf8)
            }
            .map(\.id)
    }

    /// The ids a walk by `basis` up to `cutoff` visits, in steps of `limit`, aborting them when
    /// `aborting`.
    static func walk(_ s: any MetadataStore, _ b: BucketName, upTo cutoff: Timestamp, limit: Int, basis: ExpiryBasis = .initiation,
                     aborting: Bool = false) async throws -> [UploadID] {
        let criterion = ExpiryCriterion(basis: basis, cutoff: cutoff, prefix: [])
        var seen: [UploadID] = []
        var cursor: AgeCursor?
        repeat {
            // A walk whose cursor stops advancing would go on for ever: a failure, not a hang.
            guard seen.count <= 10_000 else {
                Issue.record("the walk does not end")
                break
            }
            let batch = aborting ? try await s.abortUploadsByAge(bucket: b, criterion: criterion, after: cursor, limit: limit)
                : try await s.uploadsByAge(bucket: b, criterion: criterion, after: cursor, limit: limit)
            #expect(batch.visited <= limit)
            seen += batch.uploads.map(\.id)
            cursor = batch.next
        } while cursor != nil
        return seen
    }

    @Test(arguments: StoreKind.allCases)
    func everyBatchSizeVisitsTheUploadsUpToTheCutoffInOrder(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let all = try Self.uploads(b, count: 240, seed: 26)
        for u in all { try await s.createUpload(u) }
        #expect(try await s.uploadTotals().first?.oldestInitiated == all.map(\.initiated).min())
        for cutoff in [t0.adding(seconds: -1), Timestamp(microseconds: t0.microseconds + 200), Timestamp(microseconds: .max)] {
            let expected = Self.inOrder(all, upTo: cutoff)
            for limit in [1, 3, 7, 50, 1_000] {
                #expect(try await Self.walk(s, b, upTo: cutoff, limit: limit) == expected, "cutoff \(cutoff.microseconds), limit \(limit)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func abortingByInitiationTakesEachDueUploadOnce(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let all = try Self.uploads(b, count: 120, seed: 7)
        for u in all { try await s.createUpload(u) }
        let cutoff = Timestamp(microseconds: t0.microseconds + 150)
        let aborted = try await Self.walk(s, b, upTo: cutoff, limit: 4, aborting: true)
        #expect(aborted == Self.inOrder(all, upTo: cutoff))
        let left = all.filter { $0.initiated > cutoff }
        #expect(try await s.uploadTotals().first?.uploads == left.count)
        #expect(try await s.uploadTotals().first?.oldestInitiated == left.map(\.initiated).min())
    }

    /// In SQLite a TEXT id orders before a BLOB id of the same time: a walk's steps keep that
    /// order across the two indexes, so that with any batch size each upload comes once.
    @Test func idsOfOneTimeInBothIndexesComeOnceEach() async throws {
        let s = try await StoreKind.sqlite.make()
        let b = try await bucket(s)
        var all: [Upload] = []
        for i in 0..<24 {
            let time = Timestamp(microseconds: t0.microseconds + Int64(i / 6))
            var u = try upload(b, "k", i % 3 == 0 ? "text-\(i)" : UploadID.generate(at: time).value)
            u.initiated = time
            all.append(u)
            try await s.createUpload(u)
        }
        let expected = all.sorted { a, b in
            a.initiated != b.initiated ? a.initiated < b.initiated
                : a.id.value.hasPrefix("text-") != b.id.value.hasPrefix("text-") ? a.id.value.hasPrefix("text-")
                : a.id.value.utf8.lexicographicallyPrecedes(b.id.value.utf8)
        }.map(\.id)
        for limit in [1, 2, 5] {
            #expect(try await Self.walk(s, b, upTo: Timestamp(microseconds: .max), limit: limit) == expected, "limit \(limit)")
        }
    }

    /// Takes a database back to before v16: the full index by initiation.
    static func undoV16(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX uploads_initiated_apart;
            CREATE INDEX uploads_by_initiated ON uploads(bucket, initiated, upload_id);
            DELETE FROM grdb_migrations WHERE identifier = 'v16-initiation-in-ids';
            """)
    }

    /// A database from before v16 migrates: the index by initiation keeps only the rows whose id
    /// does not tell their time, and every walk reads as before.
    @Test func theMigrationKeepsApartOnlyTheIDsThatDoNotTellTheirTime() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v16.sqlite").path
        let all: [Upload]
        do {
            let s = try SQLiteMetadataStore(path: path)
            let b = try await bucket(s)
            all = try Self.uploads(b, count: 90, seed: 16)
            for u in all { try await s.createUpload(u) }
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try Self.undoV16(db) }
        let s = try SQLiteMetadataStore(path: path)
        let apart = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads INDEXED BY uploads_initiated_apart WHERE \(InitiationOrder.apart)")
        }
        #expect(apart == all.filter { !$0.id.value.hasPrefix(UploadID.generate(at: $0.initiated).value.prefix(16)) || $0.initiated.microseconds < 0 }.count)
        #expect(try await queue.read { db in try Bool.fetchOne(db, sql: "SELECT COUNT(*) = 0 FROM sqlite_schema WHERE name = 'uploads_by_initiated'") } == true)
        try queue.close()
        let cutoff = Timestamp(microseconds: t0.microseconds + 100)
        let seen = try await Self.walk(s, all[0].bucket, upTo: cutoff, limit: 5)
        #expect(seen == Self.inOrder(all, upTo: cutoff))
    }
}
