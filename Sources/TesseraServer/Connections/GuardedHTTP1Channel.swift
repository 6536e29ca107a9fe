import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// A connection's HTTP/1.1 pipeline, for Hummingbird's server (which accepts the connections and
/// drains them on shutdown): a ``ConnectionGuard`` in front of NIO's request decoder (the only
/// place raw bytes and read requests can be seen), an ``HTTP1ServerCodec`` after it, which with
/// the guard also does what Hummingbird's `HTTPConnectionStateHandler` did (idle connections
/// closed, connections closed on shutdown once answered), and last the ``RequestDispatcher``,
/// which answers each request in a task of its own; with TLS, the TLS handler comes first and the
/// guard sees the decrypted bytes.
///
/// Built here rather than Hummingbird's `HTTP1Channel` so that the socket reads and the queue in
/// front of a request body can be sized (``ReadSizing``), and without the `NIOAsyncChannel` that
/// Hummingbird reads requests through (``RequestDispatcher``).
struct GuardedHTTP1Channel: ServerChildChannel {
    /// The connection, which answers its requests by itself once set up.
    struct Connection: ServerChildChannelValue {
        let channel: any Channel
    }

    /// Answers each request (the server's: the ``TesseraResponder``).
    let answer: RequestDispatcher.Answer
    /// Whether `Expect: 100-continue` is answered with an interim `100 Continue`.
    let answersContinue: Bool
    let limits: ConnectionLimits
    let registry: ConnectionRegistry
    let tls: NIOSSLContext?
    let reads: ReadSizing

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(
                minimum: 64, initial: 2048, maximum: reads.maximumRead))
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldCount = 1000  // Hummingbird's HTTP1Channel's limit
            let pipeline = channel.pipeline.syncOperations
            if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
            try pipeline.addHandler(ConnectionGuard(limits: limits, registry: registry))
            // NIO's request decoder; the responses are written by ``HTTP1ServerCodec`` itself.
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                            limitConfiguration: decoderLimits)))
            try pipeline.addHandler(HTTP1ServerCodec(answersContinue: answersContinue))
            try pipeline.addHandler(RequestDispatcher(queuedParts: reads.queuedParts, wholeBody: reads.wholeBody, answer: answer))
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

/// How much a connection reads from its socket at once and how many read pieces may wait in front
/// of the request that consumes them: a connection holds at most about
/// `maximumRead × queuedParts` bytes of a body not yet written.
struct ReadSizing: Sendable {
    /// The largest single read from the socket (NIO's adaptive allocator grows to it only while
    /// reads fill their buffer; NIO's default is 64 KiB).
    var maximumRead: Int
    /// Read pieces (a head, body parts, an end) the connection reads ahead of its request
    /// before it stops reading; it resumes at half (NIO's default is 10, resuming at 2).
    var queuedParts: Int
    /// A request body declared this long or shorter is read whole before the request starts,
    /// with no stream between the connection and the request (``RequestBody``).
    var wholeBody: Int = 64 * 1024
}

extension ReadSizing {
    /// The server's sizing: reads of up to 256 KiB, six pieces queued (at most 1.5 MiB of body a
    /// connection, NIO's defaults 640 KiB). Against NIO's defaults (64 KiB, ten), five alternating
    /// runs each of `tessera bench s3 --scenarios multipart-put` (1 GiB, 16 MiB parts, 4 in flight):
    /// server CPU per MiB 1.93 vs 2.24 ms (median), throughput 758 vs 629 MB/s, peak RSS 66 vs
    /// 61 MiB. 1 MiB reads, four queued: 1.87 ms at 85 MiB; 256 KiB, four queued: 2.05 ms.
    static let standard = ReadSizing(maximumRead: 256 * 1024, queuedParts: 6)
}
