import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import TesseraHTTP
@testable import TesseraConnections

/// How a connection answers its requests (``RequestDispatcher``): in order, one task a request,
/// bodies streamed with back-pressure, an unread body dropped before the next request, streamed
/// responses written whole, `Connection: close` and a closed input honoured, broken bytes
/// answered once. The dialects' behaviour over real sockets is the conformance suite's.
@Suite(.timeLimit(.minutes(1))) struct RequestDispatcherTests {
    /// NIO's decoder, Tessera's codec and the dispatcher, connected; `reads` counts the reads
    /// that reach the socket end of the pipeline.
    static func connection(queuedParts: Int = 6, wholeBody: Int = 0, reads: ReadCounter = ReadCounter(),
                           answer: @escaping RequestDispatcher.Answer) async throws -> NIOAsyncTestingChannel {
        let channel = try await NIOAsyncTestingChannel { channel in
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(reads)
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
            try pipeline.addHandler(HTTP1ServerCodec(answersContinue: false))
            try pipeline.addHandler(RequestDispatcher(queuedParts: queuedParts, wholeBody: wholeBody, answer: answer))
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9))
        return channel
    }

    /// Answers `<path> <bytes of body read>`, or `400 broken` when the body fails.
    static let echo: RequestDispatcher.Answer = { head, body, _ in
        var bytes = 0
        do {
            for try await piece in body { bytes += piece.readableBytes }
        } catch {
            return .init(response: text(.badRequest, "broken"))
        }
        return .init(response: text(.ok, "\(head.path ?? "") \(bytes)"))
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> WireResponse {
        var response = WireResponse.text(status, body, contentType: "text/plain")
        response.setBodyLength()
        return response
    }

    /// What the connection wrote, read until `done` holds.
    static func written(_ channel: NIOAsyncTestingChannel, until done: (String) -> Bool) async throws -> String {
        var out = ""
        while !done(out) {
            let data = try await channel.waitForOutboundWrite(as: IOData.self)
            if case .byteBuffer(let buffer) = data { out += String(buffer: buffer) }
        }
        return out
    }

    /// The bodies of the responses in `out`, in order.
    static func bodies(_ out: String) -> [String] {
        out.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.components(separatedBy: "\r\n\r\n").last ?? "" }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let channel = try await Self.connection { head, body, _ in
            // The first answer is the slowest: the responses must still come in order.
            if head.path == "/a" { try? await Task.sleep(for: .milliseconds(50)) }
            return await Self.echo(head, body, ConnectionPeer())
        }
        try await channel.writeInbound(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "PUT /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello" + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"))
        let out = try await Self.written(channel) { $0.contains("/c 0") }
        #expect(Self.bodies(out) == ["/a 0", "/b 5", "/c 0"], "\(out)")
        #expect(channel.isActive)
    }

    @Test func aBodyTheHandlerLeavesUnreadIsDroppedBeforeTheNextRequest() async throws {
        let reads = ReadCounter()
        let (go, letGo) = AsyncStream<Void>.makeStream()
        let channel = try await Self.connection(queuedParts: 2, reads: reads) { head, body, _ in
            guard head.path == "/refused" else { return await Self.echo(head, body, ConnectionPeer()) }
            for await _ in go { break }
            return .init(response: Self.text(.forbidden, "no"))
        }
        try await channel.writeInbound(ByteBuffer(string: "PUT /refused HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"))
        for piece in ["de", "fg"] { try await channel.writeInbound(ByteBuffer(string: piece)) }
        channel.read()
        #expect(await reads.count(on: channel) == 0, "the unread body is full: reading waits")
        letGo.yield()
        _ = try await Self.written(channel) { $0.hasSuffix("no") }
        // Answered without reading its body: the connection reads on, to drop the rest.
        #expect(await reads.count(on: channel) == 1)
        try await channel.writeInbound(ByteBuffer(string: "hij" + "PUT /next HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"))
        let out = try await Self.written(channel) { $0.contains("/next") }
        #expect(Self.bodies(out) == ["/next 2"], "\(out)")
    }

    @Test func aBodyStreamsWithBackPressure() async throws {
        let reads = ReadCounter()
        let (go, letGo) = AsyncStream<Void>.makeStream()
        let channel = try await Self.connection(queuedParts: 2, reads: reads) { head, body, _ in
            for await _ in go { break }
            return await Self.echo(head, body, ConnectionPeer())
        }
        try await channel.writeInbound(ByteBuffer(string: "PUT /up HTTP/1.1\r\nHost: h\r\nContent-Length: 40\r\n\r\n"))
        channel.read()
        #expect(await reads.count(on: channel) == 1, "a connection reads while its body has room")
        for _ in 0..<3 { try await channel.writeInbound(ByteBuffer(repeating: 0x61, count: 10)) }
        channel.read()
        #expect(await reads.count(on: channel) == 1, "three pieces wait unread: the read must wait too")
        letGo.yield()
        // The reader takes the pieces; the read held back goes through.
        var count = 0
        for _ in 0..<200 where count < 2 {
            try await Task.sleep(for: .milliseconds(10))
            count = await reads.count(on: channel)
        }
        #expect(count == 2)
        try await channel.writeInbound(ByteBuffer(repeating: 0x61, count: 10))
        let out = try await Self.written(channel) { $0.contains("/up") }
        #expect(Self.bodies(out) == ["/up 40"], "\(out)")
    }

    @Test func aSmallBodyIsReadWholeBeforeItsRequestStarts() async throws {
        let started = NIOLockedValueBox(0)
        let channel = try await Self.connection(wholeBody: 16) { head, body, _ in
            started.withLockedValue { $0 += 1 }
            return await Self.echo(head, body, ConnectionPeer())
        }
        try await channel.writeInbound(ByteBuffer(string: "PUT /small HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\n01234"))
        try await Task.sleep(for: .milliseconds(20))
        #expect(started.withLockedValue { $0 } == 0, "started before its 16 bytes were read")
        try await channel.writeInbound(ByteBuffer(string: "56789abcdef"))
        let out = try await Self.written(channel) { $0.contains("/small") }
        #expect(Self.bodies(out) == ["/small 16"], "\(out)")
        // A longer one starts as soon as its head's read is done, its body streamed.
        try await channel.writeInbound(ByteBuffer(string: "PUT /large HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n01234"))
        for _ in 0..<200 where started.withLockedValue({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(started.withLockedValue { $0 } == 2)
        try await channel.writeInbound(ByteBuffer(string: "56789abcdefg"))
        let more = try await Self.written(channel) { $0.contains("/large") }
        #expect(Self.bodies(more) == ["/large 17"], "\(more)")
    }

    @Test func aStreamedResponseIsWrittenWholeWithItsLength() async throws {
        let channel = try await Self.connection { _, _, _ in
            .init(response: WireResponse(status: .ok, body: .stream(length: 6) { sink in
                try await sink(ByteBuffer(string: "abc"))
                try await sink(ByteBuffer(string: "def"))
            }))
        }
        try await channel.writeInbound(ByteBuffer(string: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n"))
        let out = try await Self.written(channel) { $0.hasSuffix("abcdef") }
        #expect(out.hasPrefix("HTTP/1.1 200 OK\r\n") && out.contains("Content-Length: 6\r\n"), "\(out)")
        // Past 64 KiB, written a piece at a time.
        let large = try await Self.connection { _, _, _ in
            .init(response: WireResponse(status: .ok, body: .stream(length: 3 * 40_000) { sink in
                for letter in ["x", "y", "z"] { try await sink(ByteBuffer(string: String(repeating: letter, count: 40_000))) }
            }))
        }
        try await large.writeInbound(ByteBuffer(string: "GET /l HTTP/1.1\r\nHost: h\r\n\r\n"))
        let whole = try await Self.written(large) { $0.hasSuffix("zzzz") && $0.count >= 120_000 }
        #expect(whole.contains("Content-Length: 120000\r\n") && Self.bodies(whole).first?.count == 120_000, "\(whole.prefix(200))")
    }

    /// Sends `request` to an echoing connection and returns what it wrote until `done`, once
    /// the connection has closed (a test that expects no close times out).
    static func answeredThenClosed(_ request: String, until done: (String) -> Bool) async throws -> String {
        let channel = try await Self.connection(answer: Self.echo)
        try await channel.writeInbound(ByteBuffer(string: request))
        let out = try await Self.written(channel, until: done)
        try await channel.closeFuture.get()
        return out
    }

    @Test func connectionCloseEndsTheConnectionAfterTheResponse() async throws {
        let out = try await Self.answeredThenClosed("GET /bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n") { $0.hasSuffix("/bye 0") }
        #expect(out.hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func bytesThatAreNotHTTPGetOne400() async throws {
        let out = try await Self.answeredThenClosed("NOT HTTP AT ALL\r\n\r\n") { $0.contains("\r\n\r\n") }
        #expect(out.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(out)")
        #expect(Self.bodies(out).count == 1)
    }

    @Test func aBodyWhoseFramingBreaksFailsItsReaderAndTheConnectionCloses() async throws {
        let chunked = "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\n"
        let out = try await Self.answeredThenClosed(chunked) { $0.hasSuffix("broken") }
        #expect(out.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(out)")
    }

    @Test func aClientThatStopsSendingIsAnsweredThenClosed() async throws {
        let channel = try await Self.connection { head, body, _ in
            try? await Task.sleep(for: .milliseconds(30))
            return await Self.echo(head, body, ConnectionPeer())
        }
        try await channel.writeInbound(ByteBuffer(string: "GET /last HTTP/1.1\r\nHost: h\r\n\r\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        let out = try await Self.written(channel) { $0.hasSuffix("/last 0") }
        #expect(Self.bodies(out) == ["/last 0"])
        try await channel.closeFuture.get()
    }
}

/// Counts the reads that reach the front of the pipeline.
final class ReadCounter: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = Never
    private let reads = NIOLockedValueBox(0)

    func read(context: ChannelHandlerContext) {
        reads.withLockedValue { $0 += 1 }
        context.read()
    }

    /// The reads so far, once the channel's loop has run what was queued on it.
    func count(on channel: NIOAsyncTestingChannel) async -> Int {
        await channel.testingEventLoop.run()
        return reads.withLockedValue { $0 }
    }
}
