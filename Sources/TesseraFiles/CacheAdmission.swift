import NIOConcurrencyHelpers
import TesseraCore

/// Which uncached blob reads go past the page cache: a blob's first read lately does, its next
/// one goes through the cache and leaves the bytes there (a blob read twice is likely read again).
///
/// Measured (`python3 bench/compare.py --rounds 3 --targets tessera --scenarios get`): reading
/// uncached bytes past the cache made the first read after an upload 3.4× faster at a seventh of
/// the CPU per MiB, but without this admission every later read of the same ranges came from the
/// disk too, at half the rate of the page cache.
///
/// The blobs are remembered in a ring of `capacity` ids (a blob read past the cache is forgotten
/// after `capacity` other ones), so the memory is bounded.
final class CacheAdmission: Sendable {
    private struct State {
        var ring: [BlobID?]
        var next = 0
        var members: Set<BlobID> = []
    }

    private let state: NIOLockedValueBox<State>

    /// An admission remembering the last `capacity` blobs read past the cache.
    init(capacity: Int = 4_096) {
        precondition(capacity > 0, "CacheAdmission needs room for one blob")
        state = NIOLockedValueBox(State(ring: Array(repeating: nil, count: capacity)))
    }

    /// Whether an uncached read of `blob` should go past the cache: true the first time lately
    /// (and the blob is remembered), false when it was read past the cache within the last
    /// `capacity` such reads.
    func pastCache(_ blob: BlobID) -> Bool {
        state.withLockedValue { state in
            if state.members.contains(blob) { return false }
            if let old = state.ring[state.next] { state.members.remove(old) }
            state.ring[state.next] = blob
            state.members.insert(blob)
            state.next = (state.next + 1) % state.ring.count
            return true
        }
    }
}
