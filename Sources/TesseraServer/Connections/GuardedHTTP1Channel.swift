import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// Hummingbird's HTTP/1.1 child channel with a ``ConnectionGuard`` in front of the codec (the
/// only place raw bytes and read requests can be seen) and a ``RequestPhaseHandler`` after it;
/// with TLS, the TLS handler comes first and the guard sees the decrypted bytes.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limits: ConnectionLimits
    let registry: ConnectionRegistry
    let tls: NIOSSLContext?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionGuard(limits: limits, registry: registry), position: .first)
            if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls), position: .first) }
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 (over TLS when `tls` is given) with the connection limits enforced;
    /// `additionalChannelHandlers` run after the codec.
    static func guardedHTTP1(limits: ConnectionLimits, registry: ConnectionRegistry, idleTimeout: Duration, tls: NIOSSLContext? = nil,
                             additionalChannelHandlers: @escaping @Sendable () -> [any RemovableChannelHandler]) -> HTTPServerBuilder {
        .init { responder in
            let inner = HTTP1Channel(responder: responder, configuration: .init(
                additionalChannelHandlers: [RequestPhaseHandler()] + additionalChannelHandlers(), idleTimeout: TimeAmount(idleTimeout)))
            return GuardedHTTP1Channel(inner: inner, limits: limits, registry: registry, tls: tls)
        }
    }
}
