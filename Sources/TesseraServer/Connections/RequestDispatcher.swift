import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The last handler of a connection, after ``HTTP1ServerCodec``: answers each request in a task
/// of its own and writes the response back, one request at a time, in order.
///
/// This is what Hummingbird's connection loop did over `NIOAsyncChannel` (one task a connection
/// reading parts from an async stream), for less: the stream cost ~40,500 instructions and ~9 µs
/// of CPU a request over a plain hop to a task (`tessera bench floor --async-channel`,
/// docs/benchmarks.md, the fourteenth pass). Here a request's parts never leave the event loop
/// but its body's, and a request whose end comes with its head (nearly every request without a
/// body) gets no body stream at all.
///
/// - A request's body streams to its task through ``RequestBody``: while `queuedParts` pieces
///   wait unread the connection stops reading from the socket, and reads on once half are taken.
///   A body that comes in the head's read, or is declared `wholeBody` bytes or fewer, is read
///   whole first and needs no stream.
/// - Requests sent before the last is answered (pipelining) wait, as read; the connection reads
///   no more until they are taken.
/// - A body its handler left unread is read and dropped once the response has ended, so that
///   the next request can be read (as Hummingbird did).
/// - `Connection: close`, or a client that stops sending: the connection ends its output once
///   the response is written. Bytes that cannot be parsed before any request has begun are
///   answered `400` once, then the output ends; within a request, its body fails (every dialect
///   answers that with its 400) and the connection closes after the response.
///
/// All state is touched on the connection's event loop only; tasks reach it through
/// ``ResponseSender``.
final class RequestDispatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Answers one request, in the task the dispatcher starts for it.
    typealias Answer = @Sendable (HTTPRequest, RequestBody) async -> TesseraResponder.Answered

    private let answer: Answer
    private let queuedParts: Int
    /// A body declared this long or shorter is read whole before its request starts.
    private let wholeBody: Int
    private var context: ChannelHandlerContext?
    /// A head read in this read whose body is not known yet: whole if its end follows in the same
    /// read, else streamed once the read is complete.
    private var heldHead: HTTPRequest?
    /// The body pieces that came with the held head (at most one socket read).
    private var heldBody: ByteBuffer?
    /// Where the body of the request being answered goes while it is read.
    private var source: RequestBody.Producer.Source?
    /// Between the head and the end of the request being read.
    private var inBody = false
    /// From a request's task starting to the end of its response.
    private var answering = false
    /// Parts of the requests after the one being answered, as read.
    private var waiting = CircularBuffer<HTTPRequestPart>()
    /// The body's reader has enough waiting for now.
    private var bodyFull = false
    /// The channel asked to read while the dispatcher wanted nothing more.
    private var readHeld = false
    /// The request being answered asked for `Connection: close`, or its connection failed.
    private var closeAfterResponse = false
    /// The client sent its last byte (the connection allows half-closure).
    private var inputClosed = false
    /// The output is ending or ended: whatever is read is dropped.
    private var closing = false
    /// Which request the body demand belongs to (a finished body's reader may still ask).
    private var exchange = 0
    /// Response writers waiting for the channel to take more.
    private var writableWaiters: [EventLoopPromise<Void>] = []

    init(queuedParts: Int, wholeBody: Int, answer: @escaping Answer) {
        self.queuedParts = queuedParts
        self.wholeBody = wholeBody
        self.answer = answer
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: Requests in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let part = unwrapInboundIn(data)
        guard waiting.isEmpty, takesParts else {
            waiting.append(part)
            return
        }
        receive(part, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        startHeldUnlessSmall(context: context)
        context.fireChannelReadComplete()
    }

    /// Starts the held request now unless its body is small enough to be read whole first.
    private func startHeldUnlessSmall(context: ChannelHandlerContext) {
        guard let head = heldHead else { return }
        if let length = head.headerFields.joinedValue(.contentLength).flatMap({ Int($0) }), length <= wholeBody { return }
        startHeld(context: context)
    }

    /// Whether a part read now belongs to the request being read (or begins the next one when
    /// none is being answered): not while a response is awaited for a request read in full.
    private var takesParts: Bool { !answering || inBody }

    private func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            heldHead = head
            inBody = true
            closeAfterResponse = Self.asksToClose(head)
        case .body(var piece):
            if heldHead != nil {
                if heldBody == nil { heldBody = piece } else { heldBody!.writeBuffer(&piece) }
            } else if let source, source.yield(piece) == .stopProducing {
                bodyFull = true
            }
        case .end:
            inBody = false
            if let head = heldHead {
                heldHead = nil
                let body = heldBody.map(RequestBody.whole) ?? .empty
                heldBody = nil
                start(head, body: body, context: context)
            } else if let source {
                source.finish()
                self.source = nil
            } else if !answering {
                nextRequest(context: context)  // the end of a body dropped after its response
            }
        }
    }

    /// Starts the held request, its body still to come.
    private func startHeld(context: ChannelHandlerContext) {
        guard let head = heldHead else { return }
        heldHead = nil
        startStreaming(head, context: context)
        if let piece = heldBody, let source {
            heldBody = nil
            if source.yield(piece) == .stopProducing { bodyFull = true }
        }
    }

    /// Starts a request whose body is still to come.
    private func startStreaming(_ head: HTTPRequest, context: ChannelHandlerContext) {
        exchange += 1
        let id = exchange, loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let (body, source) = RequestBody.streamed(queuedParts: queuedParts, demand: BodyDemand {
            loop.execute { bound.value.bodyWanted(id) }
        })
        self.source = source
        start(head, body: body, context: context)
    }

    private func start(_ head: HTTPRequest, body: RequestBody, context: ChannelHandlerContext) {
        answering = true
        let sender = ResponseSender(dispatcher: NIOLoopBound(self, eventLoop: context.eventLoop), loop: context.eventLoop)
        let answer = self.answer
        Task { await sender.send(answer(head, body)) }
    }

    /// The body's reader wants more (or is gone).
    private func bodyWanted(_ id: Int) {
        guard id == exchange else { return }
        bodyFull = false
        resumeReading()
    }

    /// Takes the requests that waited, then reads on.
    private func nextRequest(context: ChannelHandlerContext) {
        while takesParts, let part = waiting.popFirst() { receive(part, context: context) }
        if waiting.isEmpty { startHeldUnlessSmall(context: context) }
        if inputClosed { endUnfinishedBody() }
        if inputClosed, !answering, waiting.isEmpty, !inBody {
            endOutput(context: context)
            return
        }
        resumeReading()
    }

    private func resumeReading() {
        guard readHeld, !bodyFull, waiting.isEmpty, let context else { return }
        readHeld = false
        context.read()
    }

    func read(context: ChannelHandlerContext) {
        if bodyFull || !waiting.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// `Connection: close` among the request's connection options.
    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        guard let connection = head.headerFields.joinedValue(.connection) else { return false }
        return connection.split(separator: ",").contains { option in
            option.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["close"]
        }
    }
}

extension RequestDispatcher {
    // MARK: Responses out (called by ``ResponseSender`` on the loop)

    /// Writes a response whose body is in memory, whole.
    func writeWhole(_ head: HTTPResponse, body: ByteBuffer?) {
        guard let context else { return }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        writeEnd(context: context)
    }

    /// Writes a streamed response's head.
    func writeHead(_ head: HTTPResponse) {
        context?.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Writes a piece of a streamed body; the future completes once the channel takes more.
    func writePiece(_ piece: ByteBuffer, loop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, context.channel.isActive, !closing else { return loop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        context.writeAndFlush(wrapOutboundOut(.body(piece)), promise: nil)
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        writableWaiters.append(promise)
        return promise.futureResult
    }

    /// Ends a streamed body.
    func writeEnd() {
        guard let context else { return }
        writeEnd(context: context)
    }

    /// A streamed response failed part-way: its length can no longer be kept, so the connection
    /// closes.
    func responseFailed() {
        answering = false
        closing = true
        source?.finish(ChannelError.ioOnClosedChannel)
        source = nil
        context?.close(promise: nil)
    }

    private func writeEnd(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        answering = false
        // The reader is gone: the rest of the body is read and dropped.
        source?.finish()
        source = nil
        bodyFull = false
        if closeAfterResponse {
            endOutput(context: context)
        } else if inBody {
            resumeReading()
        } else {
            nextRequest(context: context)
        }
    }

    /// Ends the output once written, reading on and dropping what comes until the client closes
    /// too (a close with unread bytes would reset the connection, and the client could lose the
    /// response); where half-closure is not possible, closes.
    private func endOutput(context: ChannelHandlerContext) {
        closing = true
        waiting.removeAll()
        bodyFull = false
        if inputClosed {
            closeOnceWritten(context: context)
            return
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound(context, eventLoop: loop)
        let ended = loop.makePromise(of: Void.self)
        context.close(mode: .output, promise: ended)
        ended.futureResult.whenFailure { _ in bound.value.close(promise: nil) }
        resumeReading()
    }

    /// Closes once the writes so far have reached the socket (the codec completes a promise
    /// given with no bytes only after the writes before it).
    private func closeOnceWritten(context: ChannelHandlerContext) {
        closing = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let flushed = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.body(ByteBuffer())), promise: flushed)
        flushed.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }
}

extension RequestDispatcher {
    // MARK: The connection's events

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        startHeld(context: context)
        if let source {
            // The body's reader gets the error (``CheckedRequestBody``: the dialect's 400).
            source.finish(error)
            self.source = nil
            inBody = false
            closeAfterResponse = true
        } else if answering {
            closeAfterResponse = true
        } else if closing {
            return
        } else if error is HTTPParserError {
            closing = true
            let answer = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
            context.write(wrapOutboundOut(.head(answer)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            endOutput(context: context)
        } else {
            closing = true
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputClosed = true
        guard !closing else {
            context.close(promise: nil)
            return
        }
        startHeld(context: context)
        endUnfinishedBody()
        // The requests read are answered first, then the connection closes.
        if !answering { nextRequest(context: context) }
    }

    /// After the input closed: a body that can no longer end fails (the dialect's 400).
    private func endUnfinishedBody() {
        source?.finish(ChannelError.eof)
        source = nil
        inBody = false
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { wakeWriters(failing: false) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        source?.finish(ChannelError.ioOnClosedChannel)
        source = nil
        heldHead = nil
        heldBody = nil
        waiting.removeAll()
        wakeWriters(failing: true)
        context.fireChannelInactive()
    }

    private func wakeWriters(failing: Bool) {
        let waiters = writableWaiters
        writableWaiters.removeAll()
        for waiter in waiters {
            if failing { waiter.fail(ChannelError.ioOnClosedChannel) } else { waiter.succeed() }
        }
    }
}
