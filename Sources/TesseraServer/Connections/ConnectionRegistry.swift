import NIOConcurrencyHelpers
import NIOCore

/// Every open client connection, shared by all event loops: counts per client address and in
/// all, and which connections sit idle between requests (the first to go when the server is full).
final class ConnectionRegistry: Sendable {
    private struct State {
        var perClient: [String: Int] = [:]
        var total = 0
        var idle: [ObjectIdentifier: (since: NIODeadline, channel: any Channel)] = [:]
    }

    private let state = NIOLockedValueBox(State())
    /// Most connections per client address (0: unlimited).
    let maxPerClient: Int
    /// Most connections in all.
    let maxTotal: Int

    init(maxPerClient: Int, maxTotal: Int) {
        self.maxPerClient = maxPerClient
        self.maxTotal = maxTotal
    }

    /// Open connections (for tests and metrics).
    var count: Int { state.withLockedValue { $0.total } }

    /// Admits a connection from `client`, closing the longest-idle connection if the server is
    /// full; false when the client is at its limit or nothing idle can make room.
    func admit(client: String) -> Bool {
        let (admitted, shed) = state.withLockedValue { s -> (Bool, (any Channel)?) in
            if maxPerClient > 0, s.perClient[client, default: 0] >= maxPerClient { return (false, nil) }
            var shed: (any Channel)?
            if s.total >= maxTotal {
                guard let oldest = s.idle.min(by: { $0.value.since < $1.value.since }) else { return (false, nil) }
                s.idle[oldest.key] = nil
                shed = oldest.value.channel
            }
            s.perClient[client, default: 0] += 1
            s.total += 1
            return (true, shed)
        }
        shed?.close(promise: nil)
        return admitted
    }

    /// Forgets a connection admitted for `client`.
    func release(client: String, id: ObjectIdentifier) {
        state.withLockedValue { s in
            s.idle[id] = nil
            s.total -= 1
            s.perClient[client, default: 1] -= 1
            if s.perClient[client] == 0 { s.perClient[client] = nil }
        }
    }

    /// Marks a connection idle (between requests) or busy.
    func setIdle(_ idle: Bool, id: ObjectIdentifier, channel: any Channel, now: NIODeadline) {
        state.withLockedValue { s in s.idle[id] = idle ? (now, channel) : nil }
    }
}
