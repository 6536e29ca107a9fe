import GRDB

/// The two kinds of read the store makes on the hot paths, on its own ``ReaderSet`` and without
/// GRDB's `read` around them.
///
/// `DatabasePool.read` wraps every read in `BEGIN DEFERRED TRANSACTION` … `COMMIT`, both parsed
/// from their SQL text on every call: 30,000 instructions of a HeadObject's 480,000, more than
/// half of what the object's own read costs (callgrind, docs/benchmarks.md).
extension SQLiteMetadataStore {
    /// A read of one statement. SQLite runs every statement in a read transaction of its own,
    /// which ends when the statement is reset (GRDB's cursors and ``ColumnCursor`` reset theirs
    /// when done), so one statement always sees one committed state: nothing to wrap it in.
    ///
    /// With no other read in flight it runs on the calling thread (``ReaderSet/readHere(_:)``):
    /// such reads are short.
    func readStatement<T: Sendable>(_ body: @Sendable (StoreConnection) throws -> T) async throws -> T {
        try await readers.readHere(body)
    }

    /// A read of several statements that must see one committed state (a listing page reads its
    /// index piece by piece): one deferred transaction, its `BEGIN` and `COMMIT` prepared once per
    /// connection.
    func readSnapshot<T: Sendable>(_ body: @Sendable (StoreConnection) throws -> T) async throws -> T {
        try await readers.read { db in
            try db.statement(.beginDeferred).execute()
            let value: T
            do {
                value = try body(db)
            } catch {
                Self.end(db)
                throw error
            }
            Self.end(db)
            return value
        }
    }

    /// Ends a read transaction: commits, or rolls back when the commit fails (a read-only
    /// transaction has nothing to lose, and the connection's next read must start afresh).
    private static func end(_ db: StoreConnection) {
        if (try? db.statement(.commit).execute()) == nil, db.isInsideTransaction {
            try? db.statement(.rollback).execute()
        }
    }
}
