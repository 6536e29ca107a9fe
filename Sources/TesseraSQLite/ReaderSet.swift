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
    /// Each reader's hot statements, used only inside that reader's reads.
    private let prepared: [PreparedStatements]
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
        prepared = readers.map { _ in PreparedStatements() }
        inFlight = NIOLockedValueBox(Array(repeating: 0, count: readers.count))
    }

    /// Runs `body` on the least busy connection's queue, outside any transaction (see
    /// ``SQLiteMetadataStore/readSnapshot(_:)``): a read that may take a while (a listing page)
    /// keeps the task pool's threads free meanwhile.
    func read<T: Sendable>(_ body: @Sendable (StoreConnection) throws -> T) async throws -> T {
        let (i, _) = reserve()
        defer { release(i) }
        let prepared = prepared[i]
        return try await readers[i].unsafeRead { try body(StoreConnection($0, prepared: prepared)) }
    }

    /// Runs `body` on the calling thread when no other read is in flight, outside any
    /// transaction (see ``SQLiteMetadataStore/readStatement(_:)``); otherwise on the least busy
    /// connection's queue as ``read(_:)`` does.
    ///
    /// For the short reads of single requests (an object's row, an upload's, a credential). With
    /// nothing else reading, the hop to a connection's queue and back woke two sleeping threads:
    /// a lone connection's 4 KiB GET took 228–238 µs of server CPU against 257–294 µs with the
    /// hop, 2,883–3,014 GETs a second against 2,501–2,808 (`bash bench/ab_env.sh 3 small-get …
    /// --connections 1`, alternating rounds). Under load the threads are awake and the hop costs
    /// little: every read on the caller's thread took 152–174 µs a GET at 16 connections against
    /// 138–162 with the hop (ten rounds), with 26 % fewer thread switches. Reads that overlap
    /// another keep the hop, and 16 connections cost what they did (156/157/154/190 µs against
    /// 158/156/151/157, the last round slow for both). docs/benchmarks.md, "The twenty-third pass".
    ///
    /// So at most one read at a time holds one of the task pool's threads, and never a listing
    /// page: a read that waits on the disk leaves the pool's other threads to the requests.
    func readHere<T: Sendable>(_ body: @Sendable (StoreConnection) throws -> T) async throws -> T {
        let (i, alone) = reserve()
        defer { release(i) }
        // An idle connection's queue runs a synchronous read on the caller's thread at once.
        let prepared = prepared[i]
        guard alone else { return try await readers[i].unsafeRead { try body(StoreConnection($0, prepared: prepared)) } }
        return try Self.readOnThisThread(readers[i]) { try body(StoreConnection($0, prepared: prepared)) }
    }

    /// Counts a read on the least busy connection: its index, and whether no read was in flight.
    private func reserve() -> (index: Int, alone: Bool) {
        inFlight.withLockedValue { counts in
            var least = 0, total = 0
            for j in counts.indices {
                total += counts[j]
                if counts[j] < counts[least] { least = j }
            }
            counts[least] += 1
            return (least, total == 0)
        }
    }

    private func release(_ i: Int) {
        inFlight.withLockedValue { $0[i] -= 1 }
    }

    /// GRDB's synchronous read (from an `async` function the compiler picks its `async` form).
    private static func readOnThisThread<T>(_ reader: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        try reader.unsafeRead(body)
    }
}
