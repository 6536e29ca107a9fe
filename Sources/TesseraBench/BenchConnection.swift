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
    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    /// Opens a connection and runs `body` with it; closes it after.
    static func with<T: Sendable>(host: String, port: Int, group: any EventLoopGroup,
                                  _ body: (inout BenchConnection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = BenchConnection(host: "\(host):\(port)", inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    /// Sends one request and collects the response (a `HEAD` response has no body). With
    /// `countOnly`, body bytes are counted and dropped, so a throughput figure is not bounded by
    /// the client copying them into one growing buffer.
    mutating func send(method: HTTPMethod, target: String, headers: [(name: String, value: String)], body: [ByteBuffer] = [],
                       countOnly: Bool = false) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: host)
        for h in headers { head.headers.add(name: h.name, value: h.value) }
        let sent = body.reduce(0) { $0 + $1.readableBytes }
        head.headers.add(name: "Content-Length", value: String(sent))
        if sent <= 64 * 1024 {
            // A small request goes in one write and one flush, as boto3 sends it (botocore's
            // `AWSConnection` joins the headers and a bytes body into one send). Written part by
            // part, each part was flushed on its own: a syscall each here, a read each on the server.
            try await outbound.write(contentsOf: [.head(head)] + body.map { .body(.byteBuffer($0)) } + [.end(nil)])
        } else {
            // Large bodies piece by piece, each write waiting for the channel to take it.
            try await outbound.write(.head(head))
            for piece in body where piece.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(piece))) }
            try await outbound.write(.end(nil))
        }
        var status = 0
        var responseHeaders = HTTPHeaders()
        var collected = ByteBuffer()
        var length = 0
        while let part = try await inbound.next() {
            switch part {
            case .head(let h):
                status = Int(h.status.code)
                responseHeaders = h.headers
            case .body(var b):
                length += b.readableBytes
                if !countOnly { collected.writeBuffer(&b) }
            case .end:
                return Response(status: status, headers: responseHeaders, body: collected, bodyLength: length)
            }
        }
        throw Failure(description: "connection closed before the response ended")
    }
}
