import Foundation
import GRDB
import Testing
@testable import TesseraSQLite

/// What makes a commit survive a power cut: the connection that commits the store's writes runs
/// with `synchronous = FULL` (an fsync of the WAL at every commit), whatever GRDB sets when it
/// opens its pool.
@Suite struct DurabilityTests {
    func path() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("m.sqlite").path
    }

    /// `PRAGMA synchronous` answers 2 for FULL, 1 for NORMAL (what GRDB's `DatabasePool` sets on
    /// its writer after `prepareDatabase`).
    @Test func theWriterCommitsWithSynchronousFull() async throws {
        let file = try path()
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let store = try SQLiteMetadataStore(path: file)
        let level = try await store.writes.write { db in try Int.fetchOne(db.database, sql: "PRAGMA synchronous") }
        #expect(level == 2)
        #expect(try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")

        // Again after reopening an existing database (no migration to run this time).
        let reopened = try SQLiteMetadataStore(path: file)
        #expect(try await reopened.writes.write { db in try Int.fetchOne(db.database, sql: "PRAGMA synchronous") } == 2)
    }
}
