import GRDB
import GRDBSQLite

/// Values bound by position straight into a prepared statement, for the statements every small
/// request runs (an initiate's insert, a PUT's, the reads before them).
///
/// GRDB's `StatementArguments` boxes each value as an existential, converts it to a
/// `DatabaseValue` through dynamic casts, validates the count and binds through a generic nest
/// of closures: 12,000 instructions for an upload's 17 values, more than SQLite's insert itself
/// (callgrind, docs/benchmarks.md). The storage classes are the ones GRDB gives the same Swift
/// values: a `String` is TEXT, bytes are a BLOB (the empty BLOB too, never NULL), an integer is
/// INTEGER, `nil` is NULL.
struct Bindings {
    private let statement: SQLiteStatement
    /// The last index bound (1-based, as SQLite counts).
    private(set) var count: Int32 = 0
    /// The first failing `sqlite3_bind_*` result, if any.
    private var failure: Int32?

    fileprivate init(_ statement: SQLiteStatement) { self.statement = statement }

    /// The next value as TEXT.
    mutating func text(_ value: String) {
        var value = value
        next { statement, i in value.withUTF8 { sqlite3_bind_text(statement, i, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) } }
    }

    /// The next value as TEXT, or NULL.
    mutating func text(_ value: String?) {
        if let value { text(value) } else { null() }
    }

    /// The next value as a BLOB of the string's UTF-8 bytes (object keys are stored so).
    mutating func blob(utf8 value: String) {
        var value = value
        value.withUTF8 { blob(UnsafeRawBufferPointer($0)) }
    }

    /// The next value as a BLOB.
    mutating func blob(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { blob($0) }
    }

    /// The next value as a BLOB, or NULL.
    mutating func blob(_ bytes: [UInt8]?) {
        if let bytes { blob(bytes) } else { null() }
    }

    /// The next value as a BLOB (an empty one is an empty BLOB, not NULL).
    mutating func blob(_ bytes: UnsafeRawBufferPointer) {
        next { statement, i in
            bytes.isEmpty ? sqlite3_bind_zeroblob(statement, i, 0)
                : sqlite3_bind_blob(statement, i, bytes.baseAddress, Int32(bytes.count), SQLITE_TRANSIENT)
        }
    }

    /// The next value as INTEGER.
    mutating func int(_ value: Int64) {
        next { statement, i in sqlite3_bind_int64(statement, i, value) }
    }

    /// The next value as INTEGER.
    mutating func int(_ value: Int) { int(Int64(value)) }

    /// The next value as INTEGER, or NULL.
    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    /// The next value as NULL.
    mutating func null() {
        next { statement, i in sqlite3_bind_null(statement, i) }
    }

    private mutating func next(_ bind: (SQLiteStatement, Int32) -> Int32) {
        count += 1
        let code = bind(statement, count)
        if code != SQLITE_OK, failure == nil { failure = code }
    }

    /// Throws what SQLite refused, or a misuse error when the values are not exactly the
    /// statement's parameters (a programming error, as GRDB reports it).
    fileprivate func check() throws {
        if let failure {
            throw DatabaseError(resultCode: ResultCode(rawValue: failure), message: Self.message(statement), sql: Self.sql(statement))
        }
        let expected = sqlite3_bind_parameter_count(statement)
        guard count == expected else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "wrong number of statement arguments: \(count) for \(expected)",
                                sql: Self.sql(statement))
        }
    }

    private static func message(_ statement: SQLiteStatement) -> String {
        String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
    }

    private static func sql(_ statement: SQLiteStatement) -> String {
        String(cString: sqlite3_sql(statement))
    }
}

/// SQLite copies a value bound with this destructor (the caller's buffer is gone after the call).
private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Statement {
    /// Resets the statement and binds the values `body` gives, in order (all of its
    /// parameters: ``Bindings`` checks the count, so none keeps a value of the last run).
    ///
    /// Straight through SQLite, not GRDB's `setUncheckedArguments`, whose reset, clearing and
    /// argument bookkeeping cost more than the binding (~3,400 instructions an initiate;
    /// callgrind, docs/benchmarks.md, "The thirty-second pass"). A statement bound here is
    /// run by ``run(_:)`` or read by ``ColumnCursor``, never by GRDB's `execute()`.
    func bind(_ body: (inout Bindings) -> Void) throws {
        // Its result is the last step's error, which was reported when it happened.
        sqlite3_reset(sqliteStatement)
        var bindings = Bindings(sqliteStatement)
        body(&bindings)
        try bindings.check()
    }

    /// Runs this (writing) statement once with the values `body` binds (see ``SQLiteStep``).
    func run(_ body: (inout Bindings) -> Void) throws {
        try bind(body)
        // Copies of the values (an inline object's up to 16 KiB) are not kept until the next run.
        defer { sqlite3_clear_bindings(sqliteStatement) }
        while try SQLiteStep.row(self) {}
    }
}

/// One `sqlite3_step` of a statement the store prepared, without GRDB's execution around it.
///
/// GRDB's `execute()` and its cursors check for an aborted transaction and a suspended
/// database, record the region read for observers, and after each statement look for a change
/// of transaction: bookkeeping for features the store does not use (no observers, no
/// suspension; ``GroupCommit`` asks SQLite itself whether its transaction survived), ~1,500
/// instructions a statement, ~8,000 an initiate (callgrind, docs/benchmarks.md, "The
/// thirty-second pass"). Transactions stay GRDB's (COMMIT, ROLLBACK and savepoints go through
/// `execute()`; of them only ``GroupCommit``'s BEGIN is stepped here); a failure is GRDB's
/// `DatabaseError` with SQLite's (extended) code and message.
enum SQLiteStep {
    /// Steps `statement` once: true on a row, false when it is done; throws SQLite's error
    /// (after resetting the statement, which SQLite keeps usable).
    static func row(_ statement: Statement) throws -> Bool {
        let s = statement.sqliteStatement
        switch sqlite3_step(s) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(s)))
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
