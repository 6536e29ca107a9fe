import Dispatch
import Foundation
import GRDB
import Testing
import TesseraTestSupport
import TesseraCore
@testable import TesseraSQLite

/// Where the group commit commits: a short write marked inline, finding no batch being committed,
/// on its caller's thread; any other write on the writer's queue; and a write not marked inline
/// that arrives while a caller commits is handed to the writer's queue, not run on that thread.
@Suite struct GroupCommitInlineTests {
    private func store() throws -> SQLiteMetadataStore {
        try SQLiteMetadataStore(path: try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path)
    }

    @Test func aLoneInlineWriteCommitsOnTheCallersThreadAndAnotherWriteDoesNot() async throws {
        let store = try store()
        try await store.pool.write { db in try db.execute(sql: "CREATE TABLE marks(n INTEGER)") }
        // Inline writes first: each one's commit has ended, on this thread, before it returns, so
        // the next finds no batch being committed. (A write on the writer's queue answers before
        // that queue has looked for more work: an inline write right after it may find it busy.)
        for i in 0..<20 {
            let caller = pthread_self()
            let here = try await store.writes.write(inline: true) { db in
                try db.database.execute(sql: "INSERT INTO marks VALUES (?)", arguments: [i])
                return pthread_equal(pthread_self(), caller) != 0
            }
            #expect(here, "a lone inline write hopped to another thread")
        }
        for i in 0..<20 {
            let caller = pthread_self()
            let onQueue = try await store.writes.write { db in
                try db.database.execute(sql: "INSERT INTO marks VALUES (?)", arguments: [-i])
                return pthread_equal(pthread_self(), caller) == 0
            }
            #expect(onQueue, "a write not marked inline ran on the caller's thread")
        }
        // Both kinds committed, and a new connection sees them.
        let reopened = try DatabaseQueue(path: store.pool.path)
        #expect(try await reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM marks") } == 40)
    }

    @Test func aWriteNotMarkedInlineThatArrivesMeanwhileGoesToTheWritersQueue() async throws {
        let store = try store()
        try await store.pool.write { db in try db.execute(sql: "CREATE TABLE marks(n INTEGER)") }
        // The leading inline write blocks its own thread (one of the task pool's) inside its
        // transaction until released; this test's task waits for it without blocking.
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let release = DispatchSemaphore(value: 0)
        let leader = Task {
            try await store.writes.write(inline: true) { db in
                startedSignal.yield()
                release.wait()
                try db.database.execute(sql: "INSERT INTO marks VALUES (1)")
                return pthread_self()
            }
        }
        for await _ in started { break }
        // Meanwhile: a write not marked inline, then an inline one, both queued behind the leader.
        let long = Task { try await store.writes.write { db in
            try db.database.execute(sql: "INSERT INTO marks VALUES (2)")
            return pthread_self()
        } }
        let short = Task { try await store.writes.write(inline: true) { db in
            try db.database.execute(sql: "INSERT INTO marks VALUES (3)")
            return pthread_self()
        } }
        try await Task.sleep(for: .milliseconds(100))
        release.signal()
        let leaderThread = try await leader.value
        let (longThread, shortThread) = (try await long.value, try await short.value)
        #expect(pthread_equal(longThread, leaderThread) == 0, "a write not marked inline ran on the leading caller's thread")
        // The batch holding it went to the writer's queue whole.
        #expect(pthread_equal(shortThread, longThread) != 0)
        #expect(try await store.pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM marks ORDER BY n") } == [1, 2, 3])
    }

    @Test func inlineAndQueuedWritersTogetherCommitEveryWrite() async throws {
        let store = try store()
        let b = try await bucket(store)
        // Initiates (inline) beside bulk imports of two uploads (not inline), 16 at a time.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for i in 0..<40 {
                        if (task + i) % 5 == 0 {
                            try await store.createUploads([try upload(b, "bulk", "b-\(task)-\(i)-1"), try upload(b, "bulk", "b-\(task)-\(i)-2")])
                        } else {
                            try await store.createUpload(try upload(b, "k\(task)", "u-\(task)-\(i)"))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let expected = (0..<16).flatMap { task in (0..<40).flatMap { i in
            (task + i) % 5 == 0 ? ["b-\(task)-\(i)-1", "b-\(task)-\(i)-2"] : ["u-\(task)-\(i)"]
        } }
        for s in [store, try SQLiteMetadataStore(path: store.pool.path)] {
            let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 1_000)
            #expect(Set(listed.map(\.id.value)) == Set(expected))
            #expect(try await s.uploadTotals().map(\.uploads) == [expected.count])
        }
    }
}
