import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import Testing
@testable import TesseraConnections

/// What Hummingbird's `HTTPConnectionStateHandler` did before the codec and the guard took it
/// over: on shutdown a connection closes at once when idle, and only once its responses have ended
/// when not; a keep-alive connection idle past the idle timeout is closed, a busy one is not.
@Suite struct ConnectionStateTests {
    /// The server's pipeline without TLS and without Hummingbird's async channel, made active.
    static func channel(idleTimeout: Duration = .seconds(300)) throws -> EmbeddedChannel {
        var limits = ConnectionLimits()
        limits.idleTimeout = idleTimeout
        let channel = EmbeddedChannel()
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ConnectionGuard(limits: limits, registry: ConnectionRegistry(maxPerClient: 4, maxTotal: 4)))
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try pipeline.addHandler(HTTP1ServerCodec(answersContinue: false))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    static func written(_ channel: EmbeddedChannel) throws -> String {
        var out = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { out += String(buffer: buffer) }
        }
        return out
    }

    @Test func shutdownClosesAnIdleConnectionAtOnce() throws {
        let channel = try Self.channel()
        #expect(channel.isActive)
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!channel.isActive)
    }

    @Test func shutdownWaitsForTheResponsesInFlightThenCloses() throws {
        let channel = try Self.channel()
        // Two pipelined requests: the connection stays until the second one's response has ended.
        try channel.writeInbound(ByteBuffer(string: "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\nGET /b/j HTTP/1.1\r\nHost: h\r\n\r\n"))
        while try channel.readInbound(as: HTTPRequestPart.self) != nil {}
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.isActive)
        for key in ["k", "j"] {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "1"])))
            try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: key)))
            #expect(channel.isActive, "closed before the response to /b/\(key) ended")
            // The end of the last response: its bytes are flushed, then the connection closes.
            _ = channel.writeAndFlush(HTTPResponsePart.end(nil))
        }
        #expect(!channel.isActive)
        let out = try Self.written(channel)
        #expect(out == "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nkHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nj")
    }

    @Test func otherEventsPassThrough() throws {
        final class Recorder: ChannelInboundHandler {
            typealias InboundIn = HTTPRequestPart
            var events: [String] = []
            func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) { events.append("\(event)") }
        }
        let channel = try Self.channel()
        let recorder = Recorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(recorder.events == ["\(ChannelEvent.inputClosed)"])
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func anIdleConnectionIsClosedPastTheIdleTimeout() throws {
        let channel = try Self.channel(idleTimeout: .milliseconds(20))
        // Idle since it was opened; the guard looks once a second.
        Thread.sleep(forTimeInterval: 0.05)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aConnectionWithARequestUnderWayIsNotIdle() throws {
        let channel = try Self.channel(idleTimeout: .milliseconds(20))
        // A request's body is being read: the body-rate rule governs it, not the idle timeout.
        try channel.writeInbound(ByteBuffer(string: "PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nabc"))
        Thread.sleep(forTimeInterval: 0.05)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(channel.isActive)
        // Read and answered: idle again, and closed once idle for longer than the timeout.
        try channel.writeInbound(ByteBuffer(string: "defghi"))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "0"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(channel.isActive)
        Thread.sleep(forTimeInterval: 0.05)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }
}
