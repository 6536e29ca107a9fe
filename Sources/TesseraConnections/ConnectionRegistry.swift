import NIOConcurrencyHelpers
import NIOCore

/// Every open client connection, shared by all event loops: counts per client address and in
/// all, and which connections sit idle between requests (the first to go when the server is full).
///
/// Each connection marks itself idle or busy in its own ``IdleMark``, twice a request; the
/// registry reads the marks only when it must make room. (Marking through the registry took its
/// lock, shared by every connection, and updated a dictionary twice a request: 2,000
/// instructions a request; callgrind, docs/benchmarks.md.)
public final class ConnectionRegistry: Sendable {
    private struct State {
        var perClient: [String: Int] = [:]
        var total = 0
        var connections: [ObjectIdentifier: (mark: IdleMark, channel: any Channel)] = [:]
    }

    private let state = NIOLockedValueBox(State())
    /// Most connections per client address (0: unlimited).
    let maxPerClient: Int
    /// Most connections in all.
    let maxTotal: Int

    /// A registry admitting `maxPerClient` connections a client address (0: unlimited) and
    /// `maxTotal` in all.
    public init(maxPerClient: Int, maxTotal: Int) {
        self.maxPerClient = maxPerClient
        self.maxTotal = maxTotal
    }

    /// Open connections (for tests and metrics).
    var count: Int { state.withLockedValue { $0.total } }

    /// Admits connection `id` on `channel` from `client`, closing the longest-idle connection if
    /// the server is full; false when the client is at its limit or nothing idle can make room.
    func admit(client: String, id: ObjectIdentifier, mark: IdleMark, channel: any Channel) -> Bool {
        let (admitted, shed) = state.withLockedValue { s -> (Bool, (any Channel)?) in
            if maxPerClient > 0, s.perClient[client, default: 0] >= maxPerClient { return (false, nil) }
            var shed: (any Channel)?
            if s.total >= maxTotal {
                var oldest: (id: ObjectIdentifier, since: NIODeadline)?
                for (key, entry) in s.connections {
                    guard let since = entry.mark.idleSince else { continue }
                    if oldest.map({ since < $0.since }) ?? true { oldest = (key, since) }
                }
                guard let oldest, let entry = s.connections.removeValue(forKey: oldest.id) else { return (false, nil) }
                shed = entry.channel
            }
            s.perClient[client, default: 0] += 1
            s.total += 1
            s.connections[id] = (mark, channel)
            return (true, shed)
        }
        shed?.close(promise: nil)
        return admitted
    }

    /// Forgets a connection admitted for `client`.
    func release(client: String, id: ObjectIdentifier) {
        state.withLockedValue { s in
            s.connections[id] = nil
            s.total -= 1
            s.perClient[client, default: 1] -= 1
            if s.perClient[client] == 0 { s.perClient[client] = nil }
        }
    }
}

/// Whether one connection sits idle between requests, and since when: set on the connection's
/// event loop, read by ``ConnectionRegistry`` from any when it must make room.
final class IdleMark: Sendable {
    private let since = NIOLockedValueBox<NIODeadline?>(nil)

    /// Idle since `deadline`, or busy (nil).
    func set(_ deadline: NIODeadline?) {
        since.withLockedValue { $0 = deadline }
    }

    /// Since when the connection is idle; nil while busy.
    var idleSince: NIODeadline? { since.withLockedValue { $0 } }
}
