import Logging
import NIOCore
import PostgresNIO
import TesseraCore

/// One leased connection, inside a transaction or not: runs statements and returns their rows.
struct Session: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// The rows of one statement.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
        return try await result.get().rows
    }

    /// Runs a statement; returns how many rows it changed (or returned).
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
        return try await result.get().metadata.rows ?? 0
    }

    /// `body` between `begin` and COMMIT, rolled back if it throws.
    func inTransaction<T>(_ begin: PostgresQuery, _ body: (Session) async throws -> T) async throws -> T {
        try await execute(begin)
        do {
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            _ = try? await execute("ROLLBACK")
            throw error
        }
    }
}

/// Conflicts PostgreSQL resolves by failing one transaction, which is then run again:
/// serialization failures, deadlocks, and a unique key taken by a concurrent insert.
enum Retry {
    static let attempts = 10

    static func isTransient(_ error: any Error) -> Bool {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01" || state == "23505"
    }

    /// The server's SQL state and message, or the driver's code.
    static func explain(_ error: PSQLError) -> String {
        guard let info = error.serverInfo else { return "\(error.code)" }
        return "\(info[.sqlState] ?? "?") \(info[.message] ?? "")"
    }
}

/// Positional column reads of one row.
struct Columns {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    subscript<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) -> T {
        get throws { try cells[index].decode(T.self) }
    }

    /// A `bytea` key as text.
    func key(_ index: Int) throws -> String {
        let buffer = try cells[index].decode(ByteBuffer.self)
        return String(buffer: buffer)
    }
}

/// Keys are stored as `bytea` so that every index orders them by UTF-8 bytes, whatever the
/// database's collation.
enum KeyBytea {
    static func of(_ key: String) -> ByteBuffer { ByteBuffer(string: key) }
    static func of(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }
}
