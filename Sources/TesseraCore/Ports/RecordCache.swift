public import NIOConcurrencyHelpers

/// A read-through cache of records that are read on every request and rarely change (access
/// keys, buckets), so a request does not pay a database round trip for them.
///
/// The store updates the cache after each committed change of a record. A load that raced with
/// a change (it began before the change was recorded here) is returned but not kept, so the
/// cache never holds a value older than the last change this process made. With a `lifetime`,
/// an entry is also reloaded once it is that old: changes made by other processes show through.
///
/// Its methods are `@inlinable` so that the stores, in other modules, get them specialized for
/// their key and record types: unspecialized, the two lookups of a request (access key and
/// bucket) looked up the metadata of their generic types at run time, 7,800 instructions a
/// request (callgrind, docs/benchmarks.md).
public final class RecordCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A record and when it was loaded.
    @usableFromInline struct Entry: Sendable {
        @usableFromInline let value: Value
        @usableFromInline let loaded: ContinuousClock.Instant
        @inlinable init(value: Value, loaded: ContinuousClock.Instant) {
            self.value = value
            self.loaded = loaded
        }
    }

    /// The entries, and a count of the changes recorded (a load that saw another count is not kept).
    @usableFromInline struct State: Sendable {
        @usableFromInline var entries: [Key: Entry] = [:]
        @usableFromInline var generation = 0
        @inlinable init() {}
    }

    @usableFromInline let state = NIOLockedValueBox(State())
    @usableFromInline let lifetime: Duration?

    /// A cache whose entries are reloaded once `lifetime` old (never, without one).
    public init(lifetime: Duration? = nil) { self.lifetime = lifetime }

    /// The cached record of `key`, or the one `load` finds (kept if still current).
    @inlinable
    public func value(_ key: Key, load: () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        let (hit, generation) = state.withLockedValue { ($0.entries[key], $0.generation) }
        if let hit, lifetime.map({ now - hit.loaded < $0 }) ?? true { return hit.value }
        let loaded = try await load()
        state.withLockedValue { s in
            guard s.generation == generation else { return }
            s.entries[key] = loaded.map { Entry(value: $0, loaded: now) }
        }
        return loaded
    }

    /// Records a committed change: the new record, or nil when it was removed or must be reloaded.
    @inlinable
    public func changed(_ key: Key, to value: Value?) {
        state.withLockedValue { s in
            s.generation += 1
            s.entries[key] = value.map { Entry(value: $0, loaded: ContinuousClock.now) }
        }
    }
}
