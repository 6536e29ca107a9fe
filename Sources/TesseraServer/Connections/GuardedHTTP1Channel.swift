import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import TesseraConnections

/// A connection's HTTP/1.1 pipeline, for Hummingbird's server (which accepts the connections and
/// drains them on shutdown): the TLS handler first, if any, so that the guard sees the decrypted
/// bytes, then the connection's own handlers (``ConnectionHandlers``: the guard, NIO's decoder,
/// Tessera's codec and the request dispatcher), which answer each request in a task of its own.
///
/// Built here rather than Hummingbird's `HTTP1Channel` so that the socket reads and the queue in
/// front of a request body can be sized (``ReadSizing``), and without the `NIOAsyncChannel` that
/// Hummingbird reads requests through (`RequestDispatcher`).
struct GuardedHTTP1Channel: ServerChildChannel {
    /// The connection, which answers its requests by itself once set up.
    struct Connection: ServerChildChannelValue {
        let channel: any Channel
    }

    /// The connection's own handlers, after TLS.
    let handlers: ConnectionHandlers
    let tls: NIOSSLContext?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(
                minimum: 64, initial: 2048, maximum: handlers.reads.maximumRead))
            let pipeline = channel.pipeline.syncOperations
            if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
            var handlers = handlers
            handlers.secure = tls != nil
            try handlers.add(to: pipeline)
            return Connection(channel: channel)
        }
    }

    /// Waits for the connection to close; the server's cancellation closes it.
    func handle(value: Connection, logger: Logger) async {
        await withTaskCancellationHandler {
            try? await value.channel.closeFuture.get()
        } onCancel: {
            value.channel.close(promise: nil)
        }
    }
}
