import Dispatch
import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraSQLite

/// Where the store's reads run: a short read on the caller's thread when no other read is in
/// flight, a long one (and a short one beside another read) on a connection's queue.
@Suite struct ReaderSetTests {
    /// A database with one table of `rows` rows, and a reader set of `count` connections on it.
    private func readers(count: Int, rows: Int = 10) throws -> (ReaderSet, DatabasePool, String) {
        SQLiteMetadataStore.prepareProcess()
        let dir = try StoreKind.temporaryDirectory().path
        let pool = try DatabasePool(path: dir + "/db.sqlite")
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE t(n INTEGER PRIMARY KEY)")
            for n in 0..<rows { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [n]) }
        }
        return (try ReaderSet(path: dir + "/db.sqlite", count: count), pool, dir)
    }

    private static func count(_ db: StoreConnection) throws -> Int {
        try Int.fetchOne(db.database, sql: "SELECT COUNT(*) FROM t") ?? -1
    }

    @Test func aShortReadRunsOnTheCallersThreadAndALongOneDoesNot() async throws {
        let (set, pool, dir) = try readers(count: 2)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for _ in 0..<20 {
            let caller = pthread_self()
            let (here, n) = try await set.readHere { db in (pthread_equal(pthread_self(), caller) != 0, try Self.count(db)) }
            #expect(here, "a short read on an idle connection hopped to another thread")
            #expect(n == 10)
            let other = pthread_self()
            let onQueue = try await set.read { _ in pthread_equal(pthread_self(), other) == 0 }
            #expect(onQueue, "a long read ran on the caller's thread")
        }
        try await pool.close()
    }

    @Test(arguments: [1, 2])
    func aShortReadBesideAnotherGoesToAQueue(connections: Int) async throws {
        let (set, pool, dir) = try readers(count: connections)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The long read's body runs on its connection's queue, so it may block there; this test's
        // own thread, one of the task pool's, waits for it without blocking.
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let release = DispatchSemaphore(value: 0)
        // A long read holds a connection (with one, the only one) until the short one is asked for.
        let long = Task {
            try await set.read { db in
                startedSignal.yield()
                release.wait()
                return try Self.count(db)
            }
        }
        for await _ in started { break }
        let short = Task {
            let caller = pthread_self()
            return try await set.readHere { db in (pthread_equal(pthread_self(), caller) != 0, try Self.count(db)) }
        }
        // The short read goes to a connection's queue (with one, behind the long read).
        try await Task.sleep(for: .milliseconds(50))
        release.signal()
        let (here, n) = try await short.value
        #expect(n == 10)
        #expect(!here)
        #expect(try await long.value == 10)
        try await pool.close()
    }

    @Test func concurrentShortReadsEachSeeTheirOwnAnswer() async throws {
        let (set, pool, dir) = try readers(count: 4, rows: 500)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for i in 0..<200 {
                        let n = (task * 31 + i * 7) % 500
                        let found = try await set.readHere { db in
                            try Int.fetchOne(db.database, sql: "SELECT n FROM t WHERE n = ?", arguments: [n])
                        }
                        #expect(found == n)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await pool.close()
    }
}
