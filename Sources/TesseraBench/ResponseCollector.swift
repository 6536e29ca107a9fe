import NIOCore
import NIOHTTP1

/// The last handler of a ``BenchConnection``: gathers the parts of one response and completes
/// the promise of the request waiting for it. Its state is touched on the channel's event loop
/// only.
final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private var promise: EventLoopPromise<BenchConnection.Response>?
    private var countOnly = false
    private var response = BenchConnection.Response(status: 0, headers: HTTPHeaders(), body: ByteBuffer(), bodyLength: 0)

    /// Waits for the next response (on the event loop, before the request is written).
    func expect(_ promise: EventLoopPromise<BenchConnection.Response>, countOnly: Bool) {
        self.promise = promise
        self.countOnly = countOnly
        response = BenchConnection.Response(status: 0, headers: HTTPHeaders(), body: ByteBuffer(), bodyLength: 0)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            response.status = Int(h.status.code)
            response.headers = h.headers
        case .body(var b):
            response.bodyLength += b.readableBytes
            if !countOnly { response.body.writeBuffer(&b) }
        case .end:
            let done = promise
            promise = nil
            done?.succeed(response)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(BenchConnection.Failure(description: "connection closed before the response ended"))
        context.fireChannelInactive()
    }

    /// Fails the request waiting for a response, if any (on the event loop).
    func fail(_ error: any Error) {
        let waiting = promise
        promise = nil
        waiting?.fail(error)
    }
}
