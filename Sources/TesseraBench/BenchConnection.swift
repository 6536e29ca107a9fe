import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection for the benchmark client (requests one after another).
struct BenchConnection {
    /// A response, body collected (unless the caller only wanted its length).
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
        /// Bytes of body received.
        var bodyLength: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let host: String
    private let channel: any Channel
    private let collector: ResponseCollector

    /// Opens a connection and runs `body` with it; closes it after.
    ///
    /// Not over `NIOAsyncChannel`: its back-pressured streams took several hops between the task
    /// and the event loop for each part of a request and a response, and the client shares the
    /// benchmark machine's two cores with the server it measures. A request is now one hop to
    /// the loop (its parts written and flushed together) and one back when the response ends
    /// (docs/benchmarks.md, "The sixteenth pass").
    static func with<T: Sendable>(host: String, port: Int, group: any EventLoopGroup,
                                  _ body: (inout BenchConnection) async throws -> T) async throws -> T {
        let collector = ResponseCollector()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: port).get()
        var connection = BenchConnection(host: "\(host):\(port)", channel: channel, collector: collector)
        do {
            let result = try await body(&connection)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Sends one request and collects the response (a `HEAD` response has no body). With
    /// `countOnly`, body bytes are counted and dropped, so a throughput figure is not bounded by
    /// the client copying them into one growing buffer.
    ///
    /// The parts go out in one flush, as boto3 sends a small request (botocore's `AWSConnection`
    /// joins the headers and a bytes body into one send); a large body's pieces follow as the
    /// socket takes them. The pieces are views of buffers the caller holds, so queueing them all
    /// holds no more memory.
    mutating func send(method: HTTPMethod, target: String, headers: [(name: String, value: String)], body: [ByteBuffer] = [],
                       countOnly: Bool = false) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: host)
        for h in headers { head.headers.add(name: h.name, value: h.value) }
        let sent = body.reduce(0) { $0 + $1.readableBytes }
        head.headers.add(name: "Content-Length", value: String(sent))
        let promise = channel.eventLoop.makePromise(of: Response.self)
        let (channel, collector, requestHead) = (self.channel, self.collector, head)
        channel.eventLoop.execute {
            guard channel.isActive else {
                promise.fail(Failure(description: "connection closed before the request was sent"))
                return
            }
            collector.expect(promise, countOnly: countOnly)
            channel.write(HTTPClientRequestPart.head(requestHead), promise: nil)
            for piece in body where piece.readableBytes > 0 { channel.write(HTTPClientRequestPart.body(.byteBuffer(piece)), promise: nil) }
            // A write that fails fails the request (a failed write fails the ones after it too).
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { collector.fail($0) }
        }
        return try await promise.futureResult.get()
    }
}
