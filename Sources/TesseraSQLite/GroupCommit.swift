import GRDB
import TesseraCore
import NIOConcurrencyHelpers

/// Group commit: write transactions that arrive while another is being made durable wait and
/// then commit together, in one SQLite transaction and one WAL fsync.
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
    /// The writer connection's hot statements (used only inside ``drain(_:)``, on its queue).
    private let prepared = PreparedStatements()

    private struct State {
        var queue: [PendingWrite] = []
        var draining = false
    }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in a write transaction shared with concurrent callers; returns once committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite(body: body, continuation: continuation)
            let lead = state.withLockedValue { s in
                s.queue.append(write)
                defer { s.draining = true }
                return !s.draining
            }
            if lead {
                pool.asyncWriteWithoutTransaction { db in self.drain(StoreConnection(db, prepared: self.prepared)) }
            }
        }
    }

    /// On the writer's queue: commits batches until no caller is waiting.
    private func drain(_ db: StoreConnection) {
        while true {
            let batch = state.withLockedValue { s in
                let batch = s.queue
                s.queue.removeAll(keepingCapacity: true)
                if batch.isEmpty { s.draining = false }
                return batch
            }
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
    // The result both closures share is written by `run` and read by `finish`, both on the
    // writer's queue, in order.

    /// Runs the work inside the batch's transaction: directly when the second argument is true
    /// (the batch's first run), else in a savepoint of its own. Returns whether it succeeded.
    let run: (StoreConnection, Bool) -> Bool
    /// Answers the caller: the argument is nil when the batch committed.
    let finish: ((any Error)?) -> Void

    init<T: Sendable>(body: @escaping @Sendable (StoreConnection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
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
