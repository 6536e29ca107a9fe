public import NIOCore
import NIOHTTP1

/// The handlers of one client connection, in the order its bytes meet them:
/// 1. a ``ConnectionGuard``, in front of NIO's request decoder (the only place raw bytes and
///    read requests can be seen): the limits on time, size and connections;
/// 2. NIO's request decoder;
/// 3. an ``HTTP1ServerCodec``, which writes the responses and, with the guard, does what
///    Hummingbird's `HTTPConnectionStateHandler` did (idle connections closed, connections closed
///    on shutdown once answered);
/// 4. a ``RequestDispatcher``, which answers each request in a task of its own.
///
/// The server adds them after its TLS handler, if any (`GuardedHTTP1Channel`); the tests and the
/// fuzz target add them to a test channel, so that what they try is what the server runs.
public struct ConnectionHandlers: Sendable {
    /// Answers each request.
    public var answer: RequestAnswering
    /// Whether `Expect: 100-continue` is answered with an interim `100 Continue`.
    public var answersContinue: Bool
    /// What a connection may hold, and for how long.
    public var limits: ConnectionLimits
    /// Every open connection, shared by the server's connections.
    public var registry: ConnectionRegistry
    /// How much is read ahead of a request (`maximumRead` is the channel's to set).
    public var reads: ReadSizing
    /// Whether the connections are over TLS (the server's TLS handler is in front of these).
    public var secure = false

    /// The handlers for connections that share `registry`.
    public init(answer: @escaping RequestAnswering, answersContinue: Bool, limits: ConnectionLimits,
                registry: ConnectionRegistry, reads: ReadSizing) {
        self.answer = answer
        self.answersContinue = answersContinue
        self.limits = limits
        self.registry = registry
        self.reads = reads
    }

    /// Adds the handlers at the end of `pipeline` (on the channel's event loop).
    public func add(to pipeline: ChannelPipeline.SynchronousOperations) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldCount = 1000  // Hummingbird's HTTP1Channel's limit
        try pipeline.addHandler(ConnectionGuard(limits: limits, registry: registry))
        // NIO's request decoder; the responses are written by ``HTTP1ServerCodec`` itself.
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                        limitConfiguration: decoderLimits)))
        try pipeline.addHandler(HTTP1ServerCodec(answersContinue: answersContinue))
        try pipeline.addHandler(RequestDispatcher(queuedParts: reads.queuedParts, wholeBody: reads.wholeBody, secure: secure, answer: answer))
    }
}
