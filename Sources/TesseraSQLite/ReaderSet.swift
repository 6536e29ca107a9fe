import GRDB
import NIOConcurrencyHelpers

/// Read-only connections for the store's hot reads, each a GRDB `DatabaseQueue` of its own; a
/// read goes to the connection with the fewest reads in flight.
///
/// In place of `DatabasePool`'s readers for those reads: borrowing one of its readers passes
/// through a serial waiting queue (one more thread hop), a barrier queue, a semaphore and a key
/// path built on each call, and its read then checks the schema version: 32,000 instructions of
/// a HeadObject's 450,000 (callgrind, docs/benchmarks.md). The schema changes only when the store
/// opens (migrations run before any reader exists), and SQLite re-prepares a statement whose
/// schema changed by itself, so there is nothing to check per read.
final class ReaderSet: Sendable {
    private let readers: [DatabaseQueue]
    private let inFlight: NIOLockedValueBox<[Int]>

    /// `count` read-only connections to the database at `path` (in WAL mode, written by another
    /// connection of this process).
    init(path: String, count: Int) throws {
        var config = Configuration()
        config.readonly = true
        config.label = "tessera.reader"
        // A reader meets SQLITE_BUSY only in WAL's rare cases (recovery after a crash, the last
        // connection closing): wait as GRDB's own readers do.
        config.busyMode = .timeout(10)
        readers = try (0..<max(count, 1)).map { _ in try DatabaseQueue(path: path, configuration: config) }
        inFlight = NIOLockedValueBox(Array(repeating: 0, count: readers.count))
    }

    /// Runs `body` on the least busy connection, outside any transaction (see
    /// ``SQLiteMetadataStore/readStatement(_:)`` and ``SQLiteMetadataStore/readSnapshot(_:)``).
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        let i = inFlight.withLockedValue { counts in
            var least = 0
            for j in counts.indices where counts[j] < counts[least] { least = j }
            counts[least] += 1
            return least
        }
        defer { inFlight.withLockedValue { $0[i] -= 1 } }
        return try await readers[i].unsafeRead(body)
    }
}
