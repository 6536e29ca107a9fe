import NIOConcurrencyHelpers

/// Blob ids announced to the metadata in batches, handed out one per new blob.
///
/// Every blob must be announced before its file becomes visible (so a crash leaves no file that
/// nothing knows). Announcing each blob in a transaction of its own cost 13% more server CPU
/// per 64 KiB PUT and 12% of the PUT rate (`bench/compare.py --quick --rounds 5 --scenarios
/// small-put --small-kib 64`, this machine, 2026-12-02); announcing `batch` ids at once makes
/// that one transaction per `batch` blobs. Ids announced but never used (at most one batch per
/// process) are reclaimed at the next start like any other abandoned announcement.
final class BlobIDReservoir: Sendable {
    private struct State {
        var ready: [BlobID] = []
        var refill: Task<[BlobID], any Error>?
    }

    private let state = NIOLockedValueBox(State())
    private let batch: Int

    init(batch: Int = 64) {
        self.batch = batch
    }

    /// Takes the announced ids not handed out (to withdraw them at a graceful shutdown).
    func takeUnused() -> [BlobID] {
        state.withLockedValue { s in
            defer { s.ready = [] }
            return s.ready
        }
    }

    /// An announced id, refilling (one transaction for everyone waiting) when none is left.
    func next(announcingWith metadata: any MetadataStore) async throws -> BlobID {
        while true {
            let (id, refill) = state.withLockedValue { s -> (BlobID?, Task<[BlobID], any Error>?) in
                if let id = s.ready.popLast() { return (id, nil) }
                if s.refill == nil {
                    let ids = (0..<batch).map { _ in BlobID.generate() }
                    s.refill = Task {
                        try await metadata.recordBlobIntents(ids)
                        return ids
                    }
                }
                return (nil, s.refill)
            }
            if let id { return id }
            guard let refill else { continue }
            let result = await refill.result
            state.withLockedValue { s in
                guard s.refill == refill else { return }  // another waiter already stocked it
                s.refill = nil
                if case .success(let ids) = result { s.ready += ids }
            }
            if case .failure(let error) = result { throw error }
        }
    }
}
