import TesseraCore

/// Answers the synchronous index reads of a listing body (the paginator) with asynchronous
/// queries, without blocking a thread: the body runs on the answers so far; a read not answered
/// yet stops it, is made, and the body runs again from the start. A body is a function of its
/// reads alone, so its last run is what a blocking reader would have produced, with each read
/// made once.
///
/// Re-running costs the sum over reads of the answers replayed — for a delimiter page of 100
/// rolled-up prefixes (two entries per read) about 10,000 entries of Swift work, against the
/// thread hop and wait per read it replaces (a page went from 17.6 ms to the figure in
/// docs/benchmarks.md, "Issue 14").
enum ReplayedReads {
    private struct NotYetRead: Error {}

    static func run<Entry, T>(_ body: (IndexReader<Entry>) throws -> T,
                              read: (IndexRange) async throws -> [Entry]) async throws -> T {
        var answers: [IndexRange: [Entry]] = [:]
        while true {
            var missing: IndexRange?
            do {
                return try body(IndexReader { range in
                    if let answer = answers[range] { return answer }
                    missing = range
                    throw NotYetRead()
                })
            } catch is NotYetRead {
                guard let range = missing else { throw StorageError(.internalError, "A listing read was interrupted.") }
                answers[range] = try await read(range)
            }
        }
    }
}
