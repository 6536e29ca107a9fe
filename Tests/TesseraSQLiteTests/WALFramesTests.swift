import Foundation
import GRDB
import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraSQLite

/// The default VFS gathers a write-ahead log transaction's frames into one write. What must
/// hold whatever it gathers: a commit is in the file before any connection can see it (with any
/// `synchronous` setting), a transaction larger than what it gathers is whole, and frames of a
/// transaction that rolled back never land over another connection's commit.
@Suite struct WALFramesTests {
    /// A fresh directory and the path of a database in it.
    private func databasePath() throws -> (String, String) {
        SQLiteMetadataStore.prepareProcess()
        let dir = try StoreKind.temporaryDirectory().path
        return (dir + "/frames.sqlite", dir)
    }

    /// A connection of its own in WAL mode with `synchronous` at `level` (0 OFF, 1 NORMAL,
    /// 2 FULL) and a page cache of `cachePages` pages.
    private func connection(_ path: String, synchronous level: Int = 2, cachePages: Int = 2000) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(level)")
            try db.execute(sql: "PRAGMA cache_size = \(cachePages)")
        }
        return queue
    }

    @Test func theProcessDefaultIsTheFramesVFS() {
        SQLiteMetadataStore.prepareProcess()
        #expect(WALFrames.isDefault)
    }

    /// A row of ten overflow pages: SQLite gives the log two writes a frame, the file gets one.
    @Test func aTransactionsFramesReachTheFileInOneWrite() throws {
        let (path, dir) = try databasePath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try connection(path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)") }
        let before = try #require(try queue.read { WALFrames.counts($0) })
        try queue.write { db in try db.execute(sql: "INSERT INTO t VALUES (1, randomblob(40000))") }
        let after = try #require(try queue.read { WALFrames.counts($0) })
        #expect(after.given - before.given >= 20, "ten pages are at least twenty writes of SQLite's")
        #expect(after.made - before.made == 1)
    }

    /// With `synchronous = OFF` SQLite never calls `xSync`: each commit must still be in the file
    /// when another connection reads it.
    @Test(arguments: [0, 1, 2]) func aCommitIsInTheFileBeforeAnotherConnectionSeesIt(synchronous: Int) throws {
        let (path, dir) = try databasePath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try connection(path, synchronous: synchronous)
        let reader = try DatabaseQueue(path: path)
        try writer.write { db in try db.execute(sql: "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)") }
        for k in 0..<60 {
            let written = try writer.write { db -> Data in
                try db.execute(sql: "INSERT INTO t VALUES (?, randomblob(?))", arguments: [k, 500 + 97 * k])
                return try Data.fetchOne(db, sql: "SELECT v FROM t WHERE k = ?", arguments: [k]) ?? Data()
            }
            let read = try reader.read { db in try Data.fetchOne(db, sql: "SELECT v FROM t WHERE k = ?", arguments: [k]) }
            #expect(read == written, "row \(k) read by another connection differs")
        }
        #expect(try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// A 2 MB row in one transaction: many times what is gathered before a write (the system VFS
    /// refuses writes of 128 KiB or more, and a first version of the VFS wrote more).
    @Test func aTransactionLargerThanWhatIsGatheredIsWhole() throws {
        let (path, dir) = try databasePath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try connection(path)
        let blob = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        try writer.write { db in
            try db.execute(sql: "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)")
            try db.execute(sql: "INSERT INTO t VALUES (1, ?)", arguments: [blob])
        }
        let reader = try DatabaseQueue(path: path)
        #expect(try reader.read { db in try Data.fetchOne(db, sql: "SELECT v FROM t") } == blob)
        try writer.close()
        try reader.close()
        // Recovered from the log alone by a new connection.
        let reopened = try DatabaseQueue(path: path)
        #expect(try reopened.read { db in try Data.fetchOne(db, sql: "SELECT v FROM t") } == blob)
        #expect(try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }
}
