import GRDB
import GRDBSQLite

/// One of the store's SQLite connections as its statements see it: GRDB's `Database`, and the
/// statements of the small requests (``HotStatement``) prepared on it once and found by number.
///
/// GRDB's own cache (`cachedStatement(sql:)`) finds a statement by hashing its SQL text, 100 to
/// 400 bytes for these, on every use: 4,600 instructions of an initiate's 340,000 for its five
/// statements, 3,200 of a HeadObject's one, 15,300 of an UploadPart's fourteen (callgrind,
/// docs/benchmarks.md, "The thirty-third pass"). Here a statement is an array element.
///
/// The writer (``GroupCommit``) and each of ``ReaderSet``'s connections keep their own
/// ``PreparedStatements``; GRDB's `DatabasePool` readers (rare reads: inventories, totals) have
/// none, and their statements come from GRDB's cache as before.
struct StoreConnection {
    /// The GRDB connection, for what the store does through GRDB (rows by name, `execute(sql:)`).
    let database: Database
    private let prepared: PreparedStatements?

    /// `database`, with the statements prepared on it kept in `prepared` (nil: GRDB's cache).
    init(_ database: Database, prepared: PreparedStatements? = nil) {
        self.database = database
        self.prepared = prepared
    }

    /// The statement of `hot`, prepared on this connection at its first use.
    func statement(_ hot: HotStatement) throws -> Statement {
        guard let prepared else { return try database.cachedStatement(sql: hot.sql) }
        return try prepared.statement(hot, on: database)
    }

    /// A statement of this connection for SQL that is not one of the ``HotStatement``s.
    func cachedStatement(sql: String) throws -> Statement {
        try database.cachedStatement(sql: sql)
    }

    /// Runs SQL text once (bulk statements, rare writes).
    func execute(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try database.execute(sql: sql, arguments: arguments)
    }

    // The three below ask SQLite itself. GRDB's properties of the same names first check that
    // the caller runs on the connection's queue (a dispatch-specific lookup): 500 instructions a
    // call, and a write asks whether its transaction is open twice (callgrind, docs/benchmarks.md,
    // "The thirty-third pass"). The store's work always runs there: GRDB hands it the connection.

    /// Whether a transaction is open on the connection.
    var isInsideTransaction: Bool {
        guard let connection = database.sqliteConnection else { return false }
        return sqlite3_get_autocommit(connection) == 0
    }

    /// The rowid of the connection's last insert.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(database.sqliteConnection) }

    /// The rows the connection's last statement changed.
    var changesCount: Int { Int(sqlite3_changes(database.sqliteConnection)) }
}

/// The ``HotStatement``s prepared on one connection, indexed by their number.
///
/// Used only by its connection's work, which GRDB runs one at a time (a `DatabaseQueue`'s or the
/// writer's serial queue), so it needs no lock of its own. A statement stays prepared as long as
/// this object lives; GRDB closes connections with `sqlite3_close_v2`, which waits for them.
final class PreparedStatements: @unchecked Sendable {
    private var statements = [Statement?](repeating: nil, count: HotStatement.allCases.count)

    /// No statement is prepared before its first use.
    init() {}

    /// The statement of `hot` on `database`, prepared if it is not yet.
    func statement(_ hot: HotStatement, on database: Database) throws -> Statement {
        if let statement = statements[hot.rawValue] { return statement }
        let statement = try database.makeStatement(sql: hot.sql)
        statements[hot.rawValue] = statement
        return statement
    }
}
