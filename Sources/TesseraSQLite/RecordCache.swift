import NIOConcurrencyHelpers

/// A read-through cache of records that are read on every request and rarely change (access
/// keys, buckets), so a request does not pay a database round trip for them.
///
/// The store updates the cache after each committed change of a record. A load that raced with
/// a change (it began before the change was recorded here) is returned but not kept, so the
/// cache never holds a value older than the last change this process made.
final class RecordCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: Value] = [:]
        var generation = 0
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// The cached record of `key`, or the one `load` finds (kept if still current).
    func value(_ key: Key, load: () async throws -> Value?) async throws -> Value? {
        let (hit, generation) = state.withLockedValue { ($0.entries[key], $0.generation) }
        if let hit { return hit }
        let loaded = try await load()
        if let loaded {
            state.withLockedValue { s in
                if s.generation == generation { s.entries[key] = loaded }
            }
        }
        return loaded
    }

    /// Records a committed change: the new record, or nil when it was removed or must be reloaded.
    func changed(_ key: Key, to value: Value?) {
        state.withLockedValue { s in
            s.generation += 1
            s.entries[key] = value
        }
    }
}
