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
/// ``ResponseSender``. The state is internal, not private, only for the two extensions in
/// `RequestDispatcher+Responses.swift` (responses out, closing) and `RequestDispatcher+Events.swift`
/// (errors, half-closure, writability, the end); nothing else touches it.
final class RequestDispatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Answers one request, in the task the dispatcher starts for it.
    typealias Answer = RequestAnswering

    private let answer: Answer
    private let queuedParts: Int
    /// A body declared this long or shorter is read whole before its request starts.
    private let wholeBody: Int
    var context: ChannelHandlerContext?
    /// A head read in this read whose body is not known yet: whole if its end follows in the same
    /// read, else streamed once the read is complete.
    var heldHead: HTTPRequest?
    /// The body pieces that came with the held head (at most one socket read).
    var heldBody: ByteBuffer?
    /// Where the body of the request being answered goes while it is read.
    var source: RequestBody.Producer.Source?
    /// Between the head and the end of the request being read.
    var inBody = false
    /// From a request's task starting to the end of its response.
    var answering = false
    /// Parts of the requests after the one being answered, as read.
    var waiting = CircularBuffer<HTTPRequestPart>()
    /// The body's reader has enough waiting for now.
    var bodyFull = false
    /// The channel asked to read while the dispatcher wanted nothing more.
    var readHeld = false
    /// The request being answered asked for `Connection: close`, or its connection failed.
    var closeAfterResponse = false
    /// The client sent its last byte (the connection allows half-closure).
    var inputClosed = false
    /// The output is ending or ended: whatever is read is dropped.
    var closing = false
    /// Which request the body demand belongs to (a finished body's reader may still ask).
    var exchange = 0
    /// Response writers waiting for the channel to take more.
    var writableWaiters: [EventLoopPromise<Void>] = []

    /// Who the connection is with (its address read once, when the handler is added).
    var peer: ConnectionPeer

    init(queuedParts: Int, wholeBody: Int, secure: Bool = false, answer: @escaping Answer) {
        self.queuedParts = queuedParts
        self.wholeBody = wholeBody
        self.answer = answer
        self.peer = ConnectionPeer(secure: secure)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer.address = context.channel.remoteAddress?.ipAddress
    }

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
    func startHeldUnlessSmall(context: ChannelHandlerContext) {
        guard let head = heldHead else { return }
        if let length = head.headerFields.joinedValue(.contentLength).flatMap({ Int($0) }), length <= wholeBody { return }
        startHeld(context: context)
    }

    /// Whether a part read now belongs to the request being read (or begins the next one when
    /// none is being answered): not while a response is awaited for a request read in full.
    var takesParts: Bool { !answering || inBody }

    func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
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
    func startHeld(context: ChannelHandlerContext) {
        guard let head = heldHead else { return }
        heldHead = nil
        startStreaming(head, context: context)
        if let piece = heldBody, let source {
            heldBody = nil
            if source.yield(piece) == .stopProducing { bodyFull = true }
        }
    }

    /// Starts a request whose body is still to come.
    func startStreaming(_ head: HTTPRequest, context: ChannelHandlerContext) {
        exchange += 1
        let id = exchange, loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let (body, source) = RequestBody.streamed(queuedParts: queuedParts, demand: BodyDemand {
            loop.execute { bound.value.bodyWanted(id) }
        })
        self.source = source
        start(head, body: body, context: context)
    }

    func start(_ head: HTTPRequest, body: RequestBody, context: ChannelHandlerContext) {
        answering = true
        let sender = ResponseSender(dispatcher: NIOLoopBound(self, eventLoop: context.eventLoop), loop: context.eventLoop)
        let answer = self.answer
        let peer = self.peer
        Task { await sender.send(answer(head, body, peer)) }
    }

    /// The body's reader wants more (or is gone).
    func bodyWanted(_ id: Int) {
        guard id == exchange else { return }
        bodyFull = false
        resumeReading()
    }

    /// Takes the requests that waited, then reads on.
    func nextRequest(context: ChannelHandlerContext) {
        while takesParts, let part = waiting.popFirst() { receive(part, context: context) }
        if waiting.isEmpty { startHeldUnlessSmall(context: context) }
        if inputClosed { endUnfinishedBody() }
        if inputClosed, !answering, waiting.isEmpty, !inBody {
            endOutput(context: context)
            return
        }
        resumeReading()
    }

    func resumeReading() {
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
    static func asksToClose(_ head: HTTPRequest) -> Bool {
        guard let connection = head.headerFields.joinedValue(.connection) else { return false }
        return connection.split(separator: ",").contains { option in
            option.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["close"]
        }
    }
}
