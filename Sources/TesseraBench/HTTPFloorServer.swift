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
/// Four ways to answer (``Mode``) split what an `async` server adds to that floor: the thread hop
/// of a handler written with `async`/`await`, the per-connection task reading and writing
/// through `NIOAsyncChannel`, as Hummingbird does, and the durable metadata write an initiate
/// makes (docs/benchmarks.md, "The thirty-seventh pass").
public struct HTTPFloorServer: Sendable {
    /// Where each answer is made.
    public enum Mode: String, Sendable, CaseIterable {
        /// On the event loop, in a channel handler: no thread hop.
        case eventLoop = "event-loop"
        /// In a Swift task made for the request, which hands the answer back to the event loop:
        /// the two hops (event loop to task pool and back) every Tessera request makes.
        case taskHop = "task-hop"
        /// In one task per connection that reads requests from a `NIOAsyncChannel` and writes the
        /// answers to it, as Hummingbird's connection loop does (the same two hops, through
        /// NIO's async sequence and writer).
        case asyncChannel = "async-channel"
        /// As ``taskHop``, and the task first starts an upload through Tessera's engine on a
        /// SQLite store (its group commit, its fsynced write-ahead log), as an initiate does,
        /// without the signature, the routing or the XML answer.
        case engineWrite = "engine-write"
    }

    /// Where each answer is made.
    public var mode: Mode
    /// The server stops by itself after this long (a benchmark run must end on its own).
    public var lifetime: Duration

    /// A floor server; see the type's documentation.
    public init(mode: Mode, lifetime: Duration) {
        self.mode = mode
        self.lifetime = lifetime
    }

    /// Binds `127.0.0.1` on `port` (0: any free port), writes the bound port to `portFile`, and
    /// serves until its lifetime is over or the process gets `SIGTERM` or `SIGINT`.
    public func run(port: Int, portFile: String?) async throws {
        if mode == .asyncChannel { return try await runAsyncChannel(port: port, portFile: portFile) }
        if mode == .engineWrite {
            return try await Self.withInitiatingEngine { work in try await serve(port: port, portFile: portFile, hop: true, work: work) }
        }
        try await serve(port: port, portFile: portFile, hop: mode == .taskHop, work: nil)
    }

    /// Serves with a ``FloorHandler`` on every connection until the lifetime is over.
    private func serve(port: Int, portFile: String?, hop: Bool, work: FloorHandler.Work?) async throws {
        let channel = try await Self.bootstrap()
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FloorHandler(taskHop: hop, work: work))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        try Self.announce(channel, portFile)
        await Self.waitForEnd(of: lifetime)
        try await channel.close()
    }

    /// The listener's options, shared by every mode.
    static func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    }

    /// Writes the bound port to `portFile`, if one is given.
    static func announce(_ channel: any Channel, _ portFile: String?) throws {
        if let portFile, let bound = channel.localAddress?.port {
            try String(bound).write(toFile: portFile, atomically: true, encoding: .utf8)
        }
    }

    /// The answer's head: `200` (or `status`), `Content-Type: text/plain`, `Content-Length: 3`,
    /// and `Connection: close` when the request did not keep the connection alive.
    static func head(keepAlive: Bool, status: HTTPResponseStatus = .ok) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: "3")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }

    /// The answer's body.
    static let body = ByteBuffer(string: "ok\n")
}

/// Answers each request, once its end has arrived, with `200`, `Content-Type: text/plain` and
/// `ok\n` (what Tessera's `/health` answers); `500` when the task's work failed.
final class FloorHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    /// What the request's task does before the answer (``HTTPFloorServer/Mode/engineWrite``).
    typealias Work = @Sendable () async throws -> Void

    let taskHop: Bool
    let work: Work?
    private var keepAlive = true

    init(taskHop: Bool, work: Work?) {
        self.taskHop = taskHop
        self.work = work
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
            let (loop, work) = (context.eventLoop, self.work)
            Task {
                var status = HTTPResponseStatus.ok
                if let work {
                    do { try await work() } catch { status = .internalServerError }
                }
                loop.execute { [status] in
                    let (handler, context) = bound.value
                    handler.respond(context, status: status)
                }
            }
        }
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus = .ok) {
        context.write(wrapOutboundOut(.head(HTTPFloorServer.head(keepAlive: keepAlive, status: status))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(HTTPFloorServer.body))), promise: nil)
        guard !keepAlive else { return context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }
}
