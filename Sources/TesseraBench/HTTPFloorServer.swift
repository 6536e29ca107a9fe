import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `tessera bench floor`: the least an HTTP/1.1 request can cost a server built on SwiftNIO on
/// this machine. It answers every request with `200 ok`, as Tessera answers `GET /health`, and
/// does nothing else: NIO's parser and encoder on the same event loops, no routing, no
/// authentication, no store. Driven by `tessera bench s3 --scenarios health`, its CPU per request
/// is the floor under Tessera's own `/health` and every S3 request (docs/benchmarks.md, "The
/// fourteenth pass").
///
/// With `taskHop`, each request is answered from a Swift task, as a handler written with
/// `async`/`await` answers it: the request goes from the event loop to Swift's task pool and the
/// response back, the two thread hops every Tessera request makes.
public struct HTTPFloorServer: Sendable {
    /// Answer each request from a Swift task instead of on the event loop.
    public var taskHop: Bool
    /// The server stops by itself after this long (a benchmark run must end on its own).
    public var lifetime: Duration

    /// A floor server; see the type's documentation.
    public init(taskHop: Bool, lifetime: Duration) {
        self.taskHop = taskHop
        self.lifetime = lifetime
    }

    /// Binds `127.0.0.1` on `port` (0: any free port), writes the bound port to `portFile`, and
    /// serves until its lifetime is over.
    public func run(port: Int, portFile: String?) async throws {
        let hop = taskHop
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FloorHandler(taskHop: hop))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        if let portFile, let bound = channel.localAddress?.port {
            try String(bound).write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        try await Task.sleep(for: lifetime)
        try await channel.close()
    }
}

/// Answers each request, once its end has arrived, with `200`, `Content-Type: text/plain` and
/// `ok\n` (what Tessera's `/health` answers).
private final class FloorHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let taskHop: Bool
    private var keepAlive = true

    init(taskHop: Bool) {
        self.taskHop = taskHop
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            guard taskHop else { return respond(context) }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let loop = context.eventLoop
            Task {
                loop.execute {
                    let (handler, context) = bound.value
                    handler.respond(context)
                }
            }
        }
    }

    private func respond(_ context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: "3")
        let close = !keepAlive
        if close { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok\n")))), promise: nil)
        guard close else { return context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }
}
