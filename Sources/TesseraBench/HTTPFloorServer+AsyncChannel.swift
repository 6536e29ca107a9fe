import NIOCore
import NIOHTTP1
import NIOPosix

extension HTTPFloorServer {
    /// ``Mode/asyncChannel``: one task per connection reads its requests from a `NIOAsyncChannel`
    /// and writes each answer back through it, until the server's lifetime is over.
    func runAsyncChannel(port: Int, portFile: String?) async throws {
        let server = try await Self.bootstrap().bind(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
            }
        }
        try Self.announce(server.channel, portFile)
        let (lifetime, listener) = (self.lifetime, server.channel)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                await Self.waitForEnd(of: lifetime)
                listener.close(promise: nil)  // ends the loop below
            }
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { try? await Self.serve(connection) }
                }
            }
            group.cancelAll()  // and the connections still open
        }
    }

    /// Answers a connection's requests one after another; returns when it closes or asks to.
    static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var keepAlive = true
            for try await part in inbound {
                switch part {
                case .head(let head): keepAlive = head.isKeepAlive
                case .body: continue
                case .end:
                    try await outbound.write(contentsOf: [.head(head(keepAlive: keepAlive)), .body(.byteBuffer(body)), .end(nil)])
                    if !keepAlive { return }
                }
            }
        }
    }
}
