import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import TesseraHTTP
import TesseraTestSupport
@testable import TesseraConnections

/// Seeded random conversations with one connection (``RequestDispatcher`` behind NIO's decoder
/// and Tessera's codec): whole, pipelined, chunked, cut-short and unparsable requests, split
/// at random points, answered by handlers that read all, none or part of a body and answer in
/// memory or streamed, the client's input ending last. Whatever comes, the connection must not
/// crash, must close once the input has ended, must answer only 200 or 400, and must answer the
/// requests it answers in the order they were sent.
@Suite(.timeLimit(.minutes(2))) struct RequestDispatcherRandomTests {
    /// What a client may send, one request (or not) each.
    static let pieces: [(path: String?, bytes: String)] = [
        ("/get", "GET /get HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("/put", "PUT /put HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"),
        ("/large", "PUT /large HTTP/1.1\r\nHost: h\r\nContent-Length: 300\r\n\r\n" + String(repeating: "x", count: 300)),
        ("/chunked", "PUT /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
        ("/short", "PUT /short HTTP/1.1\r\nHost: h\r\nContent-Length: 40\r\n\r\nabc"),
        ("/close", "GET /close HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"),
        ("/old", "GET /old HTTP/1.0\r\n\r\n"),
        (nil, "NOT HTTP\r\n\r\n"),
        ("/broken", "PUT /broken HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"),
    ]

    /// How a handler treats the body and answers.
    enum Handler: CaseIterable {
        case readsAll, readsNone, readsOnePiece, streamsLargeAnswer
    }

    static func answer(_ handler: Handler) -> RequestDispatcher.Answer {
        { head, body, _ in
            let path = head.path ?? ""
            var bytes = 0
            do {
                switch handler {
                case .readsAll, .streamsLargeAnswer:
                    for try await piece in body { bytes += piece.readableBytes }
                case .readsOnePiece:
                    var pieces = body.makeAsyncIterator()
                    bytes = try await pieces.next()?.readableBytes ?? 0
                case .readsNone:
                    break
                }
            } catch {
                return .init(response: RequestDispatcherTests.text(.badRequest, "\(path) broken"))
            }
            guard handler == .streamsLargeAnswer else { return .init(response: RequestDispatcherTests.text(.ok, "\(path) \(bytes)")) }
            let text = "\(path) \(bytes) " + String(repeating: "y", count: 100_000)
            return .init(response: WireResponse(status: .ok, body: .stream(length: Int64(text.utf8.count)) { sink in
                for piece in text.utf8.split(maxLength: 30_000) { try await sink(ByteBuffer(bytes: piece)) }
            }))
        }
    }

    @Test(arguments: 0..<120)
    func aConversationEndsClosedWithItsAnswersInOrder(_ seed: Int) async throws {
        var random = SeededRandom(seed: UInt64(seed))
        let handler = Handler.allCases[seed % Handler.allCases.count]
        let sent = (0..<Int.random(in: 1...5, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }
        let channel = try await RequestDispatcherTests.connection(queuedParts: 2, wholeBody: seed % 2 == 0 ? 0 : 64,
                                                                  answer: Self.answer(handler))
        var bytes = Array(sent.map(\.bytes).joined().utf8)
        while !bytes.isEmpty {
            let cut = Int.random(in: 1...bytes.count, using: &random)
            try await channel.writeInbound(ByteBuffer(bytes: bytes[..<cut]))
            bytes.removeFirst(cut)
            if Bool.random(using: &random) { channel.read() }
            if Bool.random(using: &random) { try await Task.sleep(for: .milliseconds(1)) }
        }
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        let closed = try await Self.closes(channel, within: .seconds(10))
        #expect(closed, "seed \(seed): the connection stayed open after its input ended")
        var out = ByteBuffer()
        while let data = try await channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(var buffer) = data { out.writeBuffer(&buffer) }
        }
        let answers = try #require(Self.responses(String(buffer: out)), "seed \(seed): \(String(buffer: out).prefix(300))")
        #expect(answers.allSatisfy { $0.status == 200 || $0.status == 400 }, "seed \(seed): \(answers.map(\.status))")
        // The paths answered come in the order they were sent (a request garbled by an earlier
        // one's cut-short body is not answered).
        let answeredPaths = answers.compactMap { $0.body.split(separator: " ").first.map(String.init) }
        var expected = sent.compactMap(\.path)[...]
        for path in answeredPaths {
            while let next = expected.first, next != path { expected.removeFirst() }
            #expect(!expected.isEmpty, "seed \(seed): \(answeredPaths) is not in the order of \(sent.compactMap(\.path))")
            expected = expected.dropFirst()
        }
    }

    static func closes(_ channel: NIOAsyncTestingChannel, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return !channel.isActive
    }

    /// The responses in `text`, framed by their `Content-Length`; nil if any is malformed.
    static func responses(_ text: String) -> [(status: Int, body: String)]? {
        var rest = Substring(text)
        var found: [(status: Int, body: String)] = []
        while !rest.isEmpty {
            guard let end = rest.range(of: "\r\n\r\n") else { return nil }
            let lines = rest[..<end.lowerBound].split(separator: "\r\n")
            guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }.first ?? 0
            let body = rest[end.upperBound...].utf8.prefix(length)
            guard body.count == length else { return nil }
            found.append((status, String(Substring(body))))
            rest = rest[end.upperBound...].dropFirst(length)
        }
        return found
    }
}

private extension String.UTF8View {
    /// The bytes in pieces of at most `maxLength`.
    func split(maxLength: Int) -> [ArraySlice<UInt8>] {
        let all = Array(self)
        return stride(from: 0, to: all.count, by: maxLength).map { all[$0..<Swift.min($0 + maxLength, all.count)] }
    }
}
