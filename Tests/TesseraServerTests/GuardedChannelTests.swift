import HummingbirdCore
import Logging
import NIOCore
import NIOEmbedded
import Testing
import TesseraHTTP
import TesseraConnections
@testable import TesseraServer

/// The HTTP/1.1 pipeline the server builds itself (``GuardedHTTP1Channel``): the connection
/// guard before the HTTP decoder, Tessera's codec after NIO's and nothing between it and the
/// request dispatcher, and the socket reads sized as asked.
@Suite struct GuardedChannelTests {
    /// Sets a child channel up on an embedded channel and returns its handlers' type names, first
    /// to last, and the receive allocator it set.
    static func setUp(reads: ReadSizing) throws -> (handlers: [String], allocator: AdaptiveRecvByteBufferAllocator?) {
        let channel = EmbeddedChannel()
        let child = GuardedHTTP1Channel(handlers: ConnectionHandlers(
            answer: { _, _, _ in .init(response: WireResponse(status: .ok)) }, answersContinue: true,
            limits: ConnectionLimits(), registry: ConnectionRegistry(maxPerClient: 4, maxTotal: 4), reads: reads), tls: nil)
        _ = try child.setup(channel: channel, logger: Logger(label: "test")).wait()
        let allocator = try channel.getOption(ChannelOptions.recvAllocator).wait() as? AdaptiveRecvByteBufferAllocator
        let lines = channel.pipeline.debugDescription.split(separator: "\n").dropFirst(2)
        let handlers = lines.map { line in
            String(line.split(separator: " ").first { !$0.isEmpty && $0 != "↓↑" } ?? "")
        }
        _ = try? channel.finish()
        return (handlers, allocator)
    }

    @Test func theGuardComesBeforeTheDecoderAndTesserasCodecAfterNIOs() throws {
        let (handlers, _) = try Self.setUp(reads: .standard)
        func position(_ name: String) -> Int? { handlers.firstIndex { $0.contains(name) } }
        let guardAt = try #require(position("ConnectionGuard"), "\(handlers)")
        let decoderAt = try #require(position("HTTPDecoder<HTTPPart<HTTPRequestHead"), "\(handlers)")
        let codecAt = try #require(position("HTTP1ServerCodec"), "\(handlers)")
        #expect(guardAt == 0, "nothing but TLS may come before the guard: \(handlers)")
        #expect(!handlers.contains { $0.contains("HTTPResponseEncoder") }, "responses are written by Tessera's codec: \(handlers)")
        #expect(guardAt < decoderAt && decoderAt < codecAt, "\(handlers)")
        // The codec and the guard do what Hummingbird's state handler did (ConnectionStateTests).
        #expect(position("HTTPConnectionStateHandler") == nil, "\(handlers)")
        // Requests are answered by the dispatcher, not read through Hummingbird's async channel.
        #expect(handlers.last?.contains("RequestDispatcher") == true && codecAt == handlers.count - 2, "\(handlers)")
        #expect(!handlers.contains { $0.contains("NIOAsyncChannel") }, "\(handlers)")
    }

    @Test func socketReadsGrowToTheSizeAsked() throws {
        let (_, allocator) = try Self.setUp(reads: ReadSizing(maximumRead: 1 << 18, queuedParts: 6))
        #expect(allocator?.maximum == 1 << 18)
        #expect(allocator?.initial == 2048, "small requests start small")
        let (_, other) = try Self.setUp(reads: ReadSizing(maximumRead: 1 << 20, queuedParts: 4))
        #expect(other?.maximum == 1 << 20)
    }
}
