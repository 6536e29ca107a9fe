import GRDB
import Testing
import TesseraTestSupport
import TesseraCore
@testable import TesseraSQLite

/// The group commit's BEGIN is stepped past GRDB (``SQLiteStep``); GRDB's own transactions on the
/// same writer connection (the rare writes, migrations) must still begin and commit between the
/// batches, after a batch that committed and after one that rolled back.
@Suite struct GroupCommitBeginTests {
    @Test func grdbsOwnTransactionsOnTheWriterStillCommitBetweenBatches() async throws {
        let store = try SQLiteMetadataStore(path: try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path)
        let b = try await bucket(store)
        try await store.pool.write { db in try db.execute(sql: "CREATE TABLE marks(n INTEGER)") }
        for i in 0..<10 {
            try await store.createUpload(try upload(b, "k", "ok-\(i)"))
            try await store.pool.write { db in try db.execute(sql: "INSERT INTO marks VALUES (?)", arguments: [i]) }
            // A batch that fails and rolls back, then GRDB's transaction again.
            let u = try upload(b, "k", "dup-\(i)")
            await #expect(throws: (any Error).self) { try await store.createUploads([u, u]) }
            try await store.pool.write { db in try db.execute(sql: "INSERT INTO marks VALUES (?)", arguments: [-i]) }
        }
        #expect(try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM marks") } == 20)
        let listed = try await store.listUploads(bucket: b, from: .start, prefix: [], limit: 100)
        #expect(Set(listed.map(\.id.value)) == Set((0..<10).map { "ok-\($0)" }))
    }
}
