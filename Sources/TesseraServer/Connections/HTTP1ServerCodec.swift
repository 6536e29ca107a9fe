import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Between NIO's HTTP/1.1 codec and the request handling, the one handler that:
/// - turns NIO's request parts into HTTPTypes' and the responder's parts back into NIO's;
/// - tells the connection's ``ConnectionGuard`` where requests and responses begin and end, which
///   it cannot see in raw bytes;
/// - with `answersContinue`, answers `Expect: 100-continue` with an interim `100 Continue` as soon
///   as the head arrives, so clients (botocore waits up to a second) send the body at once.
///   Hummingbird does not.
///
/// It replaces swift-nio-extras' `HTTP1ToHTTPServerCodec` and two handlers of Tessera's own, and
/// converts a request head more cheaply (``request(from:)``): 8,000 fewer instructions a request
/// (callgrind, `docs/benchmarks.md`, the seventh pass).
final class HTTP1ServerCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let answersContinue: Bool
    private var connectionGuard: ConnectionGuard?

    init(answersContinue: Bool) {
        self.answersContinue = answersContinue
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let request: HTTPRequest
            do {
                request = try Self.request(from: head)
            } catch {
                context.fireErrorCaught(error)
                return
            }
            connectionGuard?.requestBegan()
            if answersContinue, let expect = request.headerFields[.expect], expect.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
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
        case .head(let response):
            if response.status.kind != .informational { connectionGuard?.responseBegan() }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(response))), promise: promise)
        case .body(let body):
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: promise)
        case .end(let trailers):
            connectionGuard?.responseEnded()
            context.write(wrapOutboundOut(.end(trailers.map(HTTPHeaders.init))), promise: promise)
        }
    }

    /// The request NIO decoded, as `HTTPRequest(_:secure: false, splitCookie: false)` of
    /// swift-nio-extras makes it, for less. A path in origin form (`/…`, every S3, BOS and UFile
    /// request) is taken as it is: the library parses every target with Foundation's
    /// `URLComponents` to find the path of an absolute-form one (4,000 instructions a request).
    /// The first `Host` field, found by an ASCII comparison rather than by lower-casing each name
    /// (1,900), is the authority and leaves the fields; the others are kept, and names that are
    /// not tokens are dropped, as the library does. Other targets go to the library.
    static func request(from head: HTTPRequestHead) throws -> HTTPRequest {
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
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        // One append of the whole list, not one generic append a field (3,300 instructions).
        return HTTPRequest(method: method, scheme: "http", authority: authority, path: head.uri, headerFields: HTTPFields(fields))
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
