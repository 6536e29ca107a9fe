import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A listener: Hummingbird's server (accepting connections, draining them on graceful shutdown)
/// over the guarded channel (``GuardedHTTP1Channel``), whose ``RequestDispatcher`` has each
/// request answered by the ``TesseraResponder`` and writes its response back.
///
/// Hummingbird's `Application` is not used: per request it copied the logger to give it a
/// request-id metadata entry and bound it as the task's logger (7,700 instructions a request
/// under callgrind, `bench/callgrind.py`; Tessera's requests carry their own id), and it
/// overwrote the `Date` header the responder had already set.
enum HTTPListener {
    /// The listener's service: binds `address` when run, stops accepting and drains its
    /// connections on graceful shutdown. `onRunning` receives the bound channel.
    static func service(connections: GuardedHTTP1Channel, address: BindAddress, logger: Logger,
                        onRunning: @escaping @Sendable (any Channel) async -> Void) -> any Service {
        connections.server(configuration: HummingbirdCore.ServerConfiguration(address: address, serverName: nil),
                           onServerRunning: onRunning, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }
}
