import NIOCore
import NIOEmbedded
import Testing
@testable import TesseraConnections

/// The registry's limits, and which connection goes when the server is full: the one idle the
/// longest, never a busy one.
@Suite struct ConnectionRegistryTests {
    /// A connection's mark and an open channel (an embedded one, connected: active until closed).
    final class Connection {
        let mark = IdleMark()
        let channel = EmbeddedChannel()
        var id: ObjectIdentifier { ObjectIdentifier(self) }

        init() throws {
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        }

        /// Whether the registry closed it (the embedded loop runs what the close queued first).
        var closed: Bool {
            channel.embeddedEventLoop.run()
            return !channel.isActive
        }
    }

    @Test func aFullServerShedsTheLongestIdleConnection() throws {
        let registry = ConnectionRegistry(maxPerClient: 0, maxTotal: 3)
        let (a, b, c) = (try Connection(), try Connection(), try Connection())
        for connection in [a, b, c] {
            #expect(registry.admit(client: "10.0.0.1", id: connection.id, mark: connection.mark, channel: connection.channel))
        }
        let t0 = NIODeadline.uptimeNanoseconds(1_000_000)
        // a busy, b idle since t0 + 2, c idle since t0 + 1: c has waited the longest.
        b.mark.set(t0 + .seconds(2))
        c.mark.set(t0 + .seconds(1))
        let d = try Connection()
        #expect(registry.admit(client: "10.0.0.2", id: d.id, mark: d.mark, channel: d.channel))
        #expect(c.closed)
        #expect(!b.closed)
        // c is gone from the idle ones even before its close is seen: b goes next.
        let e = try Connection()
        #expect(registry.admit(client: "10.0.0.3", id: e.id, mark: e.mark, channel: e.channel))
        #expect(b.closed)
        // Nothing idle left (a and d, e busy): no room.
        registry.release(client: "10.0.0.1", id: b.id)
        registry.release(client: "10.0.0.1", id: c.id)
        #expect(registry.count == 3)
        let f = try Connection()
        #expect(!registry.admit(client: "10.0.0.4", id: f.id, mark: f.mark, channel: f.channel))
        #expect(!a.closed)
        // A busy connection that goes idle is the one to go.
        a.mark.set(t0)
        #expect(registry.admit(client: "10.0.0.4", id: f.id, mark: f.mark, channel: f.channel))
        #expect(a.closed)
    }

    @Test func aClientAtItsLimitIsRefusedUntilOneOfItsConnectionsGoes() throws {
        let registry = ConnectionRegistry(maxPerClient: 2, maxTotal: 100)
        let connections = try (0..<3).map { _ in try Connection() }
        #expect(registry.admit(client: "c", id: connections[0].id, mark: connections[0].mark, channel: connections[0].channel))
        #expect(registry.admit(client: "c", id: connections[1].id, mark: connections[1].mark, channel: connections[1].channel))
        #expect(!registry.admit(client: "c", id: connections[2].id, mark: connections[2].mark, channel: connections[2].channel))
        #expect(registry.admit(client: "other", id: connections[2].id, mark: connections[2].mark, channel: connections[2].channel))
        registry.release(client: "c", id: connections[0].id)
        let again = try Connection()
        #expect(registry.admit(client: "c", id: again.id, mark: again.mark, channel: again.channel))
        #expect(registry.count == 3)
    }
}
