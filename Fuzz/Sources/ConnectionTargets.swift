import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TesseraHTTP
import TesseraConnections

/// One connection's whole conversation: any bytes a client may send, in pieces, through the
/// server's own connection handlers (``ConnectionHandlers``: the guard, NIO's request decoder,
/// Tessera's codec and request dispatcher), answered by handlers that read all, none or part
/// of a body, or stream a long answer. Whatever comes, the connection must not crash, must close
/// once its input has ended, and must have written only well-formed responses, none a 5xx.
///
/// The first byte chooses the setting (bits 0–1 the handler, bit 2 whether bodies up to 64 bytes
/// are read whole, bits 3–4 the read pieces queued ahead of a request, bit 5 whether
/// `Expect: 100-continue` is answered), the second the size of the pieces the rest arrives in.
enum ConnectionTargets {
    /// How the handler treats each request's body, and how it answers.
    enum Handler: Int {
        case readsAll, readsNone, readsOnePiece, streamsAnswer
    }

    static func conversation(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let flags = Int(bytes[0])
        let handler = Handler(rawValue: flags & 3)!
        let pieceSize = 1 + Int(bytes[1])
        let input = bytes.dropFirst(2)
        blocking {
            do {
                let channel = try await connection(flags: flags, handler: handler)
                var rest = input[...]
                var count = 0
                while !rest.isEmpty {
                    try await channel.writeInbound(ByteBuffer(bytes: rest.prefix(pieceSize)))
                    rest = rest.dropFirst(pieceSize)
                    count += 1
                    if count % 2 == 0 { channel.read() }
                }
                channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
                let closed = await closes(channel, within: .seconds(5))
                precondition(closed, "the connection stayed open after its input ended")
                var out: [UInt8] = []
                while let data = try await channel.readOutbound(as: IOData.self) {
                    if case .byteBuffer(let buffer) = data { out += buffer.readableBytesView }
                }
                guard let statuses = statuses(of: out[...]) else {
                    preconditionFailure("malformed output: \(String(decoding: out.prefix(300), as: UTF8.self))")
                }
                precondition(statuses.allSatisfy { $0 < 500 }, "a server error for client bytes: \(statuses)")
            } catch {
                preconditionFailure("the test channel failed: \(error)")
            }
        }
    }

    /// The handlers of a server connection, as the server adds them after TLS, over a test channel.
    static func connection(flags: Int, handler: Handler) async throws -> NIOAsyncTestingChannel {
        let queued = 1 + (flags >> 3) & 3, wholeBody = flags & 4 != 0 ? 64 : 0, answersContinue = flags & 32 != 0
        let channel = try await NIOAsyncTestingChannel { channel in
            let handlers = ConnectionHandlers(
                answer: answer(handler), answersContinue: answersContinue, limits: ConnectionLimits(),
                registry: ConnectionRegistry(maxPerClient: 0, maxTotal: 10),
                reads: ReadSizing(maximumRead: 256 * 1024, queuedParts: queued, wholeBody: wholeBody))
            try handlers.add(to: channel.pipeline.syncOperations)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9))
        return channel
    }

    /// Answers 200 with the body's length read (400 when the body fails); HEAD with no body.
    static func answer(_ handler: Handler) -> RequestAnswering {
        { head, body, _ in
            var read = 0
            do {
                switch handler {
                case .readsAll, .streamsAnswer:
                    for try await piece in body { read += piece.readableBytes }
                case .readsOnePiece:
                    var pieces = body.makeAsyncIterator()
                    read = try await pieces.next()?.readableBytes ?? 0
                case .readsNone:
                    break
                }
            } catch {
                return .init(response: text(.badRequest, "broken"))
            }
            guard head.method != .head else { return .init(response: text(.ok, "")) }
            guard handler == .streamsAnswer else { return .init(response: text(.ok, "read \(read)")) }
            let length = 70_000
            return .init(response: WireResponse(status: .ok, body: .stream(length: Int64(length)) { sink in
                for _ in 0..<7 { try await sink(ByteBuffer(repeating: UInt8(ascii: "y"), count: length / 7)) }
            }))
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> WireResponse {
        var response = WireResponse.text(status, body, contentType: "text/plain")
        response.setBodyLength()
        return response
    }

    /// Whether the channel closes within `limit`. One still open then is closed here, so that
    /// the wait for its close ends (a future's wait does not end on cancellation); whichever
    /// of the two tasks decides first gives the answer.
    static func closes(_ channel: NIOAsyncTestingChannel, within limit: Duration) async -> Bool {
        let verdict = NIOLockedValueBox<Bool?>(nil)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try? await channel.closeFuture.get()
                verdict.withLockedValue { if $0 == nil { $0 = true } }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                let late = verdict.withLockedValue { v -> Bool in
                    if v == nil { v = false }
                    return v == false
                }
                if late { try? await channel.close() }
            }
            await group.next()
            if verdict.withLockedValue({ $0 }) == true { group.cancelAll() }
        }
        return verdict.withLockedValue { $0 } ?? false
    }

    /// The statuses of the responses in `out`, each framed by its `Content-Length` (none: no
    /// body); nil if any is malformed.
    static func statuses(of out: ArraySlice<UInt8>) -> [Int]? {
        var rest = out
        var found: [Int] = []
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let headEnd = rest.indices.first(where: { rest[$0...].starts(with: end) }) else { return nil }
            let lines = String(decoding: rest[..<headEnd], as: UTF8.self).split(separator: "\r\n")
            guard let first = lines.first, first.hasPrefix("HTTP/1."),
                  let status = first.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
            var length = 0
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                if parts[0].lowercased() == "content-length" {
                    guard let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
                    length = value
                }
            }
            let bodyStart = headEnd + end.count
            guard rest.endIndex - bodyStart >= length else { return nil }
            found.append(status)
            rest = rest[(bodyStart + length)...]
        }
        return found
    }
}
