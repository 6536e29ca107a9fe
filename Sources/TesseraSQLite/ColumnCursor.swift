import GRDB
import GRDBSQLite

/// The columns of the row a statement stands on, read by position straight from SQLite.
///
/// GRDB's `Row` costs a hot read more than the query: `Row.fetchOne` lower-cases every column
/// name into a dictionary (14,000 instructions for an object's 13 columns) and copies the row,
/// and each `row[i]` decodes through generic code that looks up type metadata at run time (900
/// instructions a column). Reading an object record this way took 74,000 instructions of a
/// HEAD's 520,000 (callgrind, docs/benchmarks.md).
struct Columns {
    let statement: SQLiteStatement

    /// How many columns the statement yields.
    var count: Int { Int(sqlite3_column_count(statement)) }

    /// Whether column `i` is NULL.
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

    /// Whether column `i` holds a text (not a BLOB, a number or NULL).
    func isText(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_TEXT }

    /// Column `i` as an integer (0 for NULL).
    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }

    /// Column `i` as an integer (0 for NULL).
    func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }

    /// Column `i` (text or BLOB) as UTF-8 text, "" for NULL.
    func text(_ i: Int32) -> String {
        guard let bytes = sqlite3_column_blob(statement, i) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, i))
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `i` as text, nil for NULL.
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }

    /// Calls `body` with column `i`'s bytes in SQLite's row buffer (empty for NULL).
    func withBytes<R>(_ i: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        guard let bytes = sqlite3_column_blob(statement, i) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, i))))
    }

    /// Column `i`'s bytes, nil for NULL.
    func optionalBytes(_ i: Int32) -> [UInt8]? {
        if isNull(i) { return nil }
        guard let bytes = sqlite3_column_blob(statement, i) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, i))))
    }
}

/// The rows of a statement, each decoded from its ``Columns`` by `decode`, stepped straight
/// through SQLite (``SQLiteStep``).
final class ColumnCursor<Element> {
    private let statement: Statement
    private var isDone = false
    private let decode: (Columns) throws -> Element

    /// Binds `arguments` (validated as GRDB does) and readies the statement.
    init(_ statement: Statement, arguments: StatementArguments, decode: @escaping (Columns) throws -> Element) throws {
        self.statement = statement
        self.decode = decode
        try statement.setArguments(arguments)
    }

    /// Binds the values `bind` gives (``Bindings``) and readies the statement.
    init(_ statement: Statement, bind: (inout Bindings) -> Void, decode: @escaping (Columns) throws -> Element) throws {
        self.statement = statement
        self.decode = decode
        try statement.bind(bind)
    }

    deinit {
        // Ends the read at once when the rows were not all stepped through (as GRDB's cursors do).
        sqlite3_reset(statement.sqliteStatement)
    }

    /// The next row, or nil after the last.
    func next() throws -> Element? {
        guard !isDone else { return nil }
        guard try SQLiteStep.row(statement) else {
            isDone = true
            return nil
        }
        return try decode(Columns(statement: statement.sqliteStatement))
    }

    /// Every row; room for `expected` of them is made at once (a listing's batch: growing the
    /// array by doubling moved 1,000 records five times, 1.3 % of a listing page's instructions).
    static func all(_ statement: Statement, _ arguments: StatementArguments, expected: Int = 0,
                    _ decode: @escaping (Columns) throws -> Element) throws -> [Element] {
        let cursor = try ColumnCursor(statement, arguments: arguments, decode: decode)
        var out: [Element] = []
        out.reserveCapacity(expected)
        while let element = try cursor.next() { out.append(element) }
        return out
    }

    /// Every row of the statement run with the values `bind` gives.
    static func all(_ statement: Statement, bind: (inout Bindings) -> Void, _ decode: @escaping (Columns) throws -> Element) throws -> [Element] {
        let cursor = try ColumnCursor(statement, bind: bind, decode: decode)
        var out: [Element] = []
        while let element = try cursor.next() { out.append(element) }
        return out
    }

    /// The first row, if any, of the statement run with the values `bind` gives.
    static func first(_ statement: Statement, bind: (inout Bindings) -> Void, _ decode: @escaping (Columns) throws -> Element) throws -> Element? {
        try ColumnCursor(statement, bind: bind, decode: decode).next()
    }

    /// The first row, if any.
    static func first(_ statement: Statement, _ arguments: StatementArguments, _ decode: @escaping (Columns) throws -> Element) throws -> Element? {
        try ColumnCursor(statement, arguments: arguments, decode: decode).next()
    }
}
