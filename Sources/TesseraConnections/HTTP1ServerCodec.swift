import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import TesseraHTTP

/// After NIO's HTTP/1.1 request decoder, the one handler that:
/// - turns NIO's request parts into HTTPTypes' (``request(from:fields:)``);
/// - writes the responder's response parts as HTTP/1.1 bytes, framed as NIO's
///   `HTTPResponseEncoder` frames them (``ResponseFraming``);
/// - tells the connection's ``ConnectionGuard`` where requests and responses begin and end, which
///   it cannot see in raw bytes;
/// - marks an HTTP/1.0 request without keep-alive `Connection: close`;
/// - with `answersContinue`, answers `Expect: 100-continue` with an interim `100 Continue` as soon
///   as the head arrives, so clients (botocore waits up to a second) send the body at once.
///   Hummingbird does not;
/// - when the server shuts down (`ChannelShouldQuiesceEvent`), closes the connection at once if
///   no request is in flight, else as soon as the last response has ended.
///
/// It replaces swift-nio-extras' `HTTP1ToHTTPServerCodec`, NIO's `HTTPResponseEncoder` and two
/// handlers of Tessera's own (four handlers, a `NIOAny` round trip each per part): 3 % fewer
/// instructions a request (callgrind, `docs/benchmarks.md`, the seventh pass). It also does the
/// part of Hummingbird's `HTTPConnectionStateHandler` that the ``ConnectionGuard`` does not (the
/// guard closes idle connections): one handler fewer for each of a request's parts, which read the
/// clock twice a part (the eleventh pass).
final class HTTP1ServerCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = IOData

    private let answersContinue: Bool
    private var connectionGuard: ConnectionGuard?
    /// The methods of the requests still waiting for their responses, oldest first: the answer
    /// to a `HEAD` is framed as for a `GET` but carries no body.
    private var methods = CircularBuffer<HTTPMethod>(initialCapacity: 2)
    /// How the body of the response being written is framed.
    private var framing = ResponseFraming.Body.neither
    /// The fields of the connection's last request, as sent and as checked by HTTPTypes (see
    /// ``FieldCache``).
    private var fieldCache = FieldCache()
    /// Requests whose head has been read and whose response has not ended.
    private var inFlight = 0
    /// Set when the server shuts down while requests are in flight: the connection closes once
    /// their responses have ended.
    private var closeWhenAnswered = false

    init(answersContinue: Bool) {
        self.answersContinue = answersContinue
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            methods.append(head.method)
            inFlight += 1
            var request: HTTPRequest
            do {
                request = try Self.request(from: head, fields: &fieldCache)
            } catch {
                context.fireErrorCaught(error)
                return
            }
            // HTTP/1.0 without keep-alive (RFC 9112 §9.3): the connection ends after the
            // response, as `Connection: close` has it, which the ``RequestDispatcher`` reads
            // (HTTPTypes' request carries no version). HTTP/1.1 requests pay one comparison.
            if head.version.minor == 0, head.version.major == 1, !head.isKeepAlive, request.headerFields[.connection] == nil {
                request.headerFields[.connection] = "close"
            }
            connectionGuard?.requestBegan()
            // The project's lookup, not `HTTPFields`' subscript (which joins through an unspecialised
            // `joined(separator:)`; HeaderLookup.swift).
            if answersContinue, let expect = request.headerFields.joinedValue(.expect), expect.lowercased() == "100-continue" {
                var buffer = context.channel.allocator.buffer(capacity: 32)
                buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
            }
            context.fireChannelRead(wrapInboundOut(.head(request)))
        case .body(let body):
            context.fireChannelRead(wrapInboundOut(.body(body)))
        case .end(let trailers):
            connectionGuard?.requestEnded()
            context.fireChannelRead(wrapInboundOut(.end(trailers.map { HTTPFields($0, splitCookie: false) })))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response):
            if response.status.kind != .informational { connectionGuard?.responseBegan() }
            // An interim response (1xx but 101) answers no request by itself.
            let final = response.status.kind != .informational || response.status.code == 101
            framing = ResponseFraming.frame(&response, to: final ? methods.popFirst() : nil)
            context.write(wrapOutboundOut(.byteBuffer(ResponseFraming.head(response, allocator: context.channel.allocator))), promise: promise)
        case .body(let body):
            switch framing {
            case .suppressed:
                promise?.fail(NIOHTTPResponseEncoderError.responseBodyNotAllowed)
            case .chunked where body.readableBytes > 0:
                var size = context.channel.allocator.buffer(capacity: 16)
                ResponseFraming.writeChunkSize(body.readableBytes, into: &size)
                context.write(wrapOutboundOut(.byteBuffer(size)), promise: nil)
                context.write(wrapOutboundOut(.byteBuffer(body)), promise: nil)
                var end = context.channel.allocator.buffer(capacity: 2)
                end.writeStaticString("\r\n")
                context.write(wrapOutboundOut(.byteBuffer(end)), promise: promise)
            default:
                context.write(wrapOutboundOut(.byteBuffer(body)), promise: promise)
            }
        case .end(let trailers):
            connectionGuard?.responseEnded()
            if framing == .chunked {
                context.write(wrapOutboundOut(.byteBuffer(ResponseFraming.lastChunk(trailers: trailers, allocator: context.channel.allocator))),
                              promise: promise)
            } else if let promise {
                // Nothing to write, but the promise must not complete before earlier writes.
                writeNothing(context: context, promise: promise)
            }
            framing = .neither
            inFlight = max(inFlight - 1, 0)
            if closeWhenAnswered, inFlight == 0 { closeOnceWritten(context: context) }
        }
    }

    /// Closes the connection once everything written so far has reached the socket: a close
    /// fails the writes still pending, which would cut the last response short (Hummingbird's
    /// state handler closed at once after its flush).
    private func closeOnceWritten(context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        writeNothing(context: context, promise: written)
        context.flush()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// An empty write: `promise` completes once every write before it has reached the socket.
    private func writeNothing(context: ChannelHandlerContext, promise: EventLoopPromise<Void>) {
        context.write(wrapOutboundOut(.byteBuffer(context.channel.allocator.buffer(capacity: 0))), promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if inFlight == 0 {
            context.close(promise: nil)
        } else {
            closeWhenAnswered = true
        }
    }

    /// The request NIO decoded, as `HTTPRequest(_:secure: false, splitCookie: false)` of
    /// swift-nio-extras makes it, for less. A path in origin form (`/…`, every S3, BOS and UFile
    /// request) is taken as it is: the library parses every target with Foundation's
    /// `URLComponents` to find the path of an absolute-form one (4,000 instructions a request).
    /// The first `Host` field, found by an ASCII comparison rather than by lower-casing each name
    /// (1,900), is the authority and leaves the fields; the others are kept, and names that are
    /// not tokens are dropped, as the library does. Other targets go to the library.
    /// A client sends the same field names in the same order request after request, many with the
    /// same values; each field is taken from `cache` when it is the one at that place last time,
    /// and HTTPTypes checks only new names and values.
    static func request(from head: HTTPRequestHead, fields cache: inout FieldCache) throws -> HTTPRequest {
        guard head.uri.utf8.first == UInt8(ascii: "/") else {
            return try HTTPRequest(head, secure: false, splitCookie: false)
        }
        let method = try HTTPRequest.Method(head.method)
        var authority: String?
        var fields: [HTTPField] = []
        fields.reserveCapacity(head.headers.count)
        for (name, value) in head.headers {
            if authority == nil, isHost(name) {
                authority = value
                continue
            }
            if let field = cache.field(at: fields.count, name: name, value: value) { fields.append(field) }
        }
        // One append of the whole list, not one generic append a field (3,300 instructions),
        // into room reserved first: `HTTPFields(fields)` did not reserve, and its array grew four
        // times for boto3's eight fields (callgrind).
        var headerFields = HTTPFields()
        headerFields.reserveCapacity(fields.count)
        headerFields.append(contentsOf: fields)
        return HTTPRequest(method: method, scheme: "http", authority: authority, path: head.uri, headerFields: headerFields)
    }

    /// Whether a field name is `Host`, in any case.
    private static func isHost(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            bytes.count == 4 && bytes[0] | 0x20 == UInt8(ascii: "h") && bytes[1] | 0x20 == UInt8(ascii: "o")
                && bytes[2] | 0x20 == UInt8(ascii: "s") && bytes[3] | 0x20 == UInt8(ascii: "t")
        }
    }
}
