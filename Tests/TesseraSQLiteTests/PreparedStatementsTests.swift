import Foundation
import GRDB
import GRDBSQLite
import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraSQLite

/// The store's hot statements: each prepares against the migrated schema, once per connection,
/// and a connection without a set of its own takes GRDB's cache.
@Suite struct PreparedStatementsTests {
    private func store() throws -> (SQLiteMetadataStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-prepared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try SQLiteMetadataStore(path: dir + "/m.sqlite"), dir)
    }

    @Test func everyStatementPreparesOnTheWriterOnceAndIsFoundAgain() async throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sameEachTime = try await store.writes.write { db in
            try HotStatement.allCases.map { hot in
                let first = try db.statement(hot)
                return first === (try db.statement(hot)) && first.sql == hot.sql
            }
        }
        #expect(sameEachTime.count == HotStatement.allCases.count)
        #expect(sameEachTime.allSatisfy { $0 })
    }

    @Test func theStatementsTextsAreDistinct() {
        #expect(Set(HotStatement.allCases.map(\.sql)).count == HotStatement.allCases.count)
    }

    @Test func eachConnectionHasItsOwnStatements() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = store
        let a = try DatabaseQueue(path: dir + "/m.sqlite"), b = try DatabaseQueue(path: dir + "/m.sqlite")
        let onA = PreparedStatements(), onB = PreparedStatements()
        let (first, again) = try a.read { db in
            (try StoreConnection(db, prepared: onA).statement(.object), try StoreConnection(db, prepared: onA).statement(.object))
        }
        let other = try b.read { db in try StoreConnection(db, prepared: onB).statement(.object) }
        #expect(first === again)
        #expect(first !== other)
        #expect(sqlite3_db_handle(first.sqliteStatement) != sqlite3_db_handle(other.sqliteStatement))
    }

    @Test func withoutASetOfItsOwnAConnectionTakesGRDBsCache() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = store
        let queue = try DatabaseQueue(path: dir + "/m.sqlite")
        let same = try queue.read { db in
            try StoreConnection(db).statement(.bucketExists) === db.cachedStatement(sql: HotStatement.bucketExists.sql)
        }
        #expect(same)
    }

    /// A write through the prepared statements and a read through the readers' own: the rows are
    /// those of the statements' text (the store's contract tests cover every operation).
    @Test func aStoredUploadReadsBackThroughTheReadersStatements() async throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let b = try await bucket(store)
        for i in 0..<3 {
            let made = try upload(b, "k\(i)", "id-\(i)")
            try await store.createUpload(made)
            #expect(try await store.upload(bucket: b, id: made.id)?.key == made.key)
        }
        #expect(try await store.upload(bucket: b, id: try upload(b, "k9", "id-9").id) == nil)
    }
}
