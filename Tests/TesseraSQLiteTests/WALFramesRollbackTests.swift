import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraSQLite

/// Frames a transaction wrote before it rolled back (a large transaction spills its page cache
/// into the log before its commit) may still be gathered, unwritten, when it rolls back. They
/// must never reach the file later, over frames another connection has committed since.
@Suite struct WALFramesRollbackTests {
    /// Two connections write by turns, each transaction spilling (a page cache of ten pages,
    /// up to 120 KB of rows) and then committing or rolling back, checkpoints restarting the log
    /// every 40 pages. Inside each transaction the writer reads its own rows back (spilled pages
    /// among them); after every transaction the other connection reads exactly the rows
    /// committed so far; at the end the database passes SQLite's integrity check and a new
    /// connection, recovering from the log, reads the same rows.
    @Test(arguments: [1, 2, 3] as [UInt64]) func framesOfARolledBackTransactionNeverLandOverACommit(seed: UInt64) throws {
        SQLiteMetadataStore.prepareProcess()
        let dir = try StoreKind.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rollback.sqlite"
        let connections = try (0..<2).map { _ in try DatabaseQueue(path: path) }
        for queue in connections {
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = 10; PRAGMA wal_autocheckpoint = 40")
            }
        }
        try connections[0].write { db in try db.execute(sql: "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)") }

        var random = SeededRandom(seed: seed)
        var committed: [Int64: Int64] = [:]
        var next: Int64 = 0
        var rolledBack = 0
        for _ in 0..<120 {
            let writer = Int.random(in: 0...1, using: &random)
            let rows = (0..<Int.random(in: 1...40, using: &random)).map { _ in Int64.random(in: 200...3_000, using: &random) }
            let commit = Int.random(in: 0..<3, using: &random) > 0
            let first = next
            next += Int64(rows.count)
            try connections[writer].writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for (i, length) in rows.enumerated() {
                        try db.execute(sql: "INSERT INTO t VALUES (?, randomblob(?))", arguments: [first + Int64(i), length])
                    }
                    // Read back inside the transaction: pages it spilled, and the cache evicted
                    // since, come from frames still gathered.
                    let inside = try Row.fetchOne(db, sql: "SELECT COUNT(*), TOTAL(length(v)) FROM t")
                    #expect(inside?[0] == committed.count + rows.count)
                    #expect(inside?[1] == Double(committed.values.reduce(0, +) + rows.reduce(0, +)))
                    return commit ? .commit : .rollback
                }
            }
            if commit {
                for (i, length) in rows.enumerated() { committed[first + Int64(i)] = length }
            } else {
                rolledBack += 1
            }
            #expect(try Self.rows(connections[1 - writer]) == committed)
        }
        #expect(rolledBack > 10)
        for queue in connections { try queue.close() }

        let reopened = try DatabaseQueue(path: path)
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        #expect(try Self.rows(reopened) == committed)
    }

    /// Each row's key and length, as one connection reads them.
    private static func rows(_ queue: DatabaseQueue) throws -> [Int64: Int64] {
        try queue.read { db in
            var rows: [Int64: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT k, length(v) FROM t") { rows[row[0]] = row[1] }
            return rows
        }
    }
}
