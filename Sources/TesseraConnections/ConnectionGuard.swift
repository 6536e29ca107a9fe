import NIOCore

/// The first handler of every connection, seeing raw bytes and the server's requests to read:
/// admits the connection (per-client and total limits), and once a second enforces the header
/// deadline, the minimum body rate and the idle timeout of ``ConnectionLimits``. ``HTTP1ServerCodec``, after
/// NIO's HTTP codec, tells it where each request and response begins and ends.
///
/// All state is touched on the connection's event loop only.
final class ConnectionGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let limits: ConnectionLimits
    private let registry: ConnectionRegistry
    private var client: String?
    private var ticker: RepeatedTask?
    private var context: ChannelHandlerContext?

    /// When the first byte of a request whose head has not arrived was seen.
    private var awaitingHeadSince: NIODeadline?
    /// Between a request's head and its end.
    private var requestOpen = false
    /// Between a response's head and its end.
    private var responding = false
    /// Since when the server has wanted bytes the client has not sent (nil: not waiting).
    private var readWantedSince: NIODeadline?
    /// Waiting time and bytes in the current body-rate window.
    private var windowWaited: TimeAmount = .zero
    private var windowBytes = 0
    /// Since when the connection has been idle (nil: busy, or not yet marked).
    private var idleSince: NIODeadline?
    /// Where the registry reads whether this connection is idle.
    private let mark = IdleMark()
    /// After a 408: the answer is sent, bytes still arriving are discarded until the full close.
    private var lingering = false

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        guard registry.admit(client: client, id: ObjectIdentifier(self), mark: mark, channel: context.channel) else {
            context.close(promise: nil)
            return
        }
        self.client = client
        setIdle(true)
        // The task runs on this connection's event loop; it is cancelled when the connection closes.
        let this = NIOLoopBound(self, eventLoop: context.eventLoop)
        ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
            this.value.tick()
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        ticker?.cancel()
        ticker = nil
        if let client { registry.release(client: client, id: ObjectIdentifier(self)) }
        client = nil
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if lingering { return }
        let bytes = unwrapInboundIn(data).readableBytes
        let now = NIODeadline.now()
        if let since = readWantedSince {
            if requestOpen { windowWaited = windowWaited + (now - since) }
            readWantedSince = nil
        }
        if requestOpen {
            windowBytes += bytes
        } else if awaitingHeadSince == nil {
            awaitingHeadSince = now
            setIdle(false)
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if readWantedSince == nil { readWantedSince = .now() }
        context.read()
    }

    // MARK: Request phases (from HTTP1ServerCodec)

    /// A request's head was decoded.
    func requestBegan() {
        awaitingHeadSince = nil
        requestOpen = true
        windowWaited = .zero
        windowBytes = 0
        if readWantedSince != nil { readWantedSince = .now() }
        setIdle(false)
    }

    /// A request's end was decoded.
    func requestEnded() {
        requestOpen = false
        updateIdle()
    }

    /// A final response's head was written.
    func responseBegan() {
        responding = true
        setIdle(false)
    }

    /// A response's end was written.
    func responseEnded() {
        responding = false
        if awaitingHeadSince != nil { awaitingHeadSince = .now() }  // a pipelined request waited for this one
        updateIdle()
    }

    // MARK: Deadlines

    private func tick() {
        guard let context, !lingering else { return }
        let now = NIODeadline.now()
        if let since = idleSince, now - since > TimeAmount(limits.idleTimeout) {
            context.close(promise: nil)
            return
        }
        if let since = awaitingHeadSince, !responding, now - since > TimeAmount(limits.headerTimeout) {
            // No response has begun: a whole one can be sent. Then a lingering close: shut the
            // output (FIN after the answer) and discard what still arrives for two seconds, since
            // closing with unread bytes would reset the connection and lose the answer.
            let timeout = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            lingering = true
            awaitingHeadSince = nil
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: timeout))).whenComplete { _ in
                bound.value.close(mode: .output, promise: nil)
                bound.value.eventLoop.scheduleTask(in: .seconds(2)) { bound.value.close(promise: nil) }
            }
            return
        }
        guard requestOpen, limits.bodyMinimumRate > 0 else { return }
        if let since = readWantedSince {
            windowWaited = windowWaited + (now - since)
            readWantedSince = now
        }
        let window = TimeAmount(limits.bodyRateWindow)
        guard windowWaited >= window else { return }
        let needed = Double(limits.bodyMinimumRate) * Double(window.nanoseconds) / 1e9
        if Double(windowBytes) < needed {
            context.close(promise: nil)  // the request's body stream fails; its handler answers what it can
            return
        }
        windowWaited = .zero
        windowBytes = 0
    }

    private func updateIdle() {
        setIdle(!requestOpen && !responding && awaitingHeadSince == nil)
    }

    private func setIdle(_ value: Bool) {
        guard client != nil, value != (idleSince != nil) else { return }
        idleSince = value ? .now() : nil
        mark.set(idleSince)
    }
}

extension TimeAmount {
    /// A Swift `Duration` as a NIO time amount.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
