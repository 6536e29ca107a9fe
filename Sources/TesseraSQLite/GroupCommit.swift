import GRDB
import TesseraCore
import NIOConcurrencyHelpers

/// Group commit: write transactions that arrive while another is being made durable wait and
/// then commit together, in one SQLite transaction and one WAL fsync.
///
/// Where a batch is committed: on the writer's queue, or on the thread of a caller whose short
/// write (``write(inline:_:)``) found no batch being committed; that caller then goes on
/// committing what arrives meanwhile, as long as all of it is such writes.
///
/// A batch first runs its callers' work one after another in the transaction. If one's work
/// throws, the transaction is rolled back and the batch runs again with each caller's work in a
/// savepoint of its own, so a caller whose work throws rolls back only its own changes and gets
/// its own error; the others still commit. A caller is answered only
/// after the transaction holding its work has committed (and so, with `synchronous=FULL`, is
/// durable). Under load the batch grows by itself: everything that arrived during one commit
/// goes into the next.
final class GroupCommit: Sendable {
    private let pool: DatabasePool
    private let state = NIOLockedValueBox(State())
    /// The writer connection's hot statements (used only inside ``drain(_:here:)``, one drain at
    /// a time, within GRDB's access to the writer connection).
    private let prepared = PreparedStatements()

    private struct State {
        var queue: [PendingWrite] = []
        var draining = false
    }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in a write transaction shared with concurrent callers; returns once committed.
    ///
    /// `inline` marks a short write of one request (an initiate's row, a part's, an object's):
    /// when no batch is being committed, it is committed on the caller's thread, through GRDB's
    /// synchronous write on the idle writer connection (libdispatch runs it in place), instead of
    /// waking the writer's queue and then a task-pool thread to resume the caller. The caller
    /// goes on committing the batches that arrive meanwhile while every write in them is marked;
    /// one that is not (a completion's, an abort's, a bulk import's, which may take long) is
    /// handed to the writer's queue with the rest. A lone connection's initiate then cost
    /// 436–518 µs of server CPU against 458–548, its 4 KiB PUT 449–474 against 529–634; at 16
    /// connections an initiate cost less in three rounds of four (an experiment build: in all
    /// seven, one by 1 µs), rates within the noise (docs/benchmarks.md, "The thirty-seventh
    /// pass"). The price: while such writes keep arriving, one of the task pool's threads is the
    /// writer and waits on the disk's flush.
    func write<T: Sendable>(inline: Bool = false, _ body: @escaping @Sendable (StoreConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite(inline: inline, body: body, continuation: continuation)
            let lead = state.withLockedValue { s in
                s.queue.append(write)
                defer { s.draining = true }
                return !s.draining
            }
            guard lead else { return }
            if inline { drainHere() } else { drainOnQueue() }
        }
    }

    /// Commits on the writer's queue.
    private func drainOnQueue() {
        pool.asyncWriteWithoutTransaction { db in self.drain(StoreConnection(db, prepared: self.prepared), here: false) }
    }

    /// Commits on the calling thread, through GRDB's synchronous write (which waits for the
    /// writer connection if a rare write of GRDB's own holds it, and rethrows only what the
    /// drain throws: nothing).
    private func drainHere() {
        pool.writeWithoutTransaction { db in self.drain(StoreConnection(db, prepared: self.prepared), here: true) }
    }

    /// Commits batches until no caller is waiting: on the writer's queue, or `here`, on a
    /// caller's thread, until a batch holds a write not marked inline, which is handed with the
    /// rest to the writer's queue.
    private func drain(_ db: StoreConnection, here: Bool) {
        while true {
            let batch: [PendingWrite]? = state.withLockedValue { s in
                if here, s.queue.contains(where: { !$0.inline }) { return nil }
                let batch = s.queue
                s.queue.removeAll(keepingCapacity: true)
                if batch.isEmpty { s.draining = false }
                return batch
            }
            guard let batch else { return drainOnQueue() }
            if batch.isEmpty { return }
            // BEGIN and COMMIT as statements prepared once per connection: GRDB's `inTransaction`
            // parses both on every call (27,000 instructions per batch; callgrind, docs/benchmarks.md).
            // BEGIN is stepped straight through SQLite (``SQLiteStep``), without GRDB's execution
            // around it (3,200 instructions an initiate, 4,300 an UploadPart; callgrind,
            // docs/benchmarks.md, "The thirty-third pass"): a BEGIN has nothing for GRDB's
            // transaction observation to record. COMMIT and ROLLBACK stay GRDB's: its observation
            // broker learns of a transaction's end from SQLite's commit and rollback hooks and
            // settles it in the `execute()` of the statement that ended it.
            do {
                try db.statement(.beginImmediate).run { _ in }
                // First without savepoints (two statements a write, 10,000 instructions an
                // initiate; callgrind): nearly every batch succeeds whole.
                guard batch.allSatisfy({ $0.run(db, true) }) else {
                    if db.isInsideTransaction { try db.statement(.rollback).execute() }
                    if batch.count == 1 {
                        // Alone in its transaction, a failed write's own error is its answer.
                        batch[0].finish(nil)
                        continue
                    }
                    // A write failed: the batch runs again, each write in a savepoint of its own,
                    // so that only the failing ones are undone. Each meets the same state as the
                    // first time, and so fails or succeeds as it did.
                    try db.statement(.beginImmediate).run { _ in }
                    for write in batch { _ = write.run(db, false) }
                    guard db.isInsideTransaction else { throw GroupCommitError.transactionLost }
                    try db.statement(.commit).execute()
                    for write in batch { write.finish(nil) }
                    continue
                }
                // A statement error that made SQLite roll back the whole transaction leaves
                // no transaction to commit: then nothing of this batch happened.
                guard db.isInsideTransaction else { throw GroupCommitError.transactionLost }
                try db.statement(.commit).execute()
                for write in batch { write.finish(nil) }
            } catch {
                if db.isInsideTransaction { try? db.statement(.rollback).execute() }
                for write in batch { write.finish(error) }
            }
        }
    }
}

/// The transaction of a batch ended without committing (SQLite rolled it back).
enum GroupCommitError: Error {
    case transactionLost
}

/// One caller's work waiting for its batch, as two closures made for the caller's result type.
///
/// Not a generic class behind a protocol: the batch called such a class's methods through the
/// protocol, unspecialised, and they looked up the metadata of `Result<T, Error>?`,
/// `Result<T, Error>` and the continuation at run time on every write (3,500 instructions an
/// initiate; callgrind, docs/benchmarks.md). The closures are made where `T` is known.
private final class PendingWrite: @unchecked Sendable {
    // The result both closures share is written by `run` and read by `finish`, both by the
    // batch's committer, in order.

    /// Whether the write may be committed on a caller's thread (``GroupCommit/write(inline:_:)``).
    let inline: Bool

    /// Runs the work inside the batch's transaction: directly when the second argument is true
    /// (the batch's first run), else in a savepoint of its own. Returns whether it succeeded.
    let run: (StoreConnection, Bool) -> Bool
    /// Answers the caller: the argument is nil when the batch committed.
    let finish: ((any Error)?) -> Void

    init<T: Sendable>(inline: Bool, body: @escaping @Sendable (StoreConnection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.inline = inline
        var result: Result<T, any Error>?
        run = { db, direct in
            guard db.isInsideTransaction else {
                result = .failure(GroupCommitError.transactionLost)
                return false
            }
            if direct {
                do {
                    result = .success(try body(db))
                    return true
                } catch {
                    result = .failure(error)
                    return false
                }
            }
            // Savepoint statements are prepared once per connection (GRDB's `inSavepoint` parses
            // them on every call, which showed in the profile of CreateMultipartUpload).
            do {
                try db.statement(.savepoint).execute()
            } catch {
                result = .failure(error)
                return false
            }
            do {
                let value = try body(db)
                try db.statement(.releaseSavepoint).execute()
                result = .success(value)
                return true
            } catch {
                try? db.statement(.rollbackToSavepoint).execute()
                try? db.statement(.releaseSavepoint).execute()
                result = .failure(error)
                return false
            }
        }
        finish = { commitError in
            if let commitError {
                continuation.resume(throwing: diskFull(commitError))
            } else {
                continuation.resume(with: (result ?? .failure(GroupCommitError.transactionLost)).mapError(diskFull))
            }
        }
    }
}

/// A full disk (`SQLITE_FULL`) as the engine's `insufficientStorage`; other errors unchanged.
func diskFull(_ error: any Error) -> any Error {
    guard let e = error as? DatabaseError, e.resultCode == .SQLITE_FULL else { return error }
    return StorageError(.insufficientStorage, "The disk holding the metadata is full.")
}
