import HTTPTypes
import NIOCore
import TesseraHTTP

/// Hands a request's answer from its task to its connection's ``RequestDispatcher``: a body in
/// memory, or a streamed one of at most 64 KiB gathered first, in one hop to the event loop; a
/// longer streamed body a piece at a time, each waiting only while the channel will take no more
/// (its write buffer above NIO's high watermark).
struct ResponseSender: Sendable {
    let dispatcher: NIOLoopBound<RequestDispatcher>
    let loop: any EventLoop

    /// Writes `answered.response`, then tells its telemetry the body bytes written.
    func send(_ answered: RequestAnswer) async {
        let response = answered.response
        let head = HTTPResponse(status: response.status, headerFields: response.headers)
        let dispatcher = self.dispatcher
        switch response.body {
        case .empty:
            loop.execute { dispatcher.value.writeWhole(head, body: nil) }
            answered.finished?(0)
        case .buffer(let buffer):
            loop.execute { dispatcher.value.writeWhole(head, body: buffer) }
            answered.finished?(Int64(buffer.readableBytes))
        case .stream(let length, let write) where length <= Self.gathered:
            // Gathered in the task, written in one hop (a 4 KiB GET's body is one piece: no copy).
            var body: ByteBuffer?
            do {
                try await write { piece in
                    var piece = piece
                    if body == nil { body = piece } else { body!.writeBuffer(&piece) }
                }
            } catch {
                loop.execute { dispatcher.value.responseFailed() }
                answered.finished?(0)
                return
            }
            let whole = body
            loop.execute { dispatcher.value.writeWhole(Self.framed(head, length: length), body: whole) }
            answered.finished?(Int64(whole?.readableBytes ?? 0))
        case .stream(let length, let write):
            let streamHead = Self.framed(head, length: length)
            loop.execute { dispatcher.value.writeHead(streamHead) }
            var written: Int64 = 0
            do {
                try await write { piece in
                    written += Int64(piece.readableBytes)
                    try await loop.flatSubmit { dispatcher.value.writePiece(piece, loop: loop) }.get()
                }
                loop.execute { dispatcher.value.writeEnd() }
            } catch {
                loop.execute { dispatcher.value.responseFailed() }
            }
            answered.finished?(written)
        }
    }

    /// A streamed body this long or shorter is gathered before it is written.
    static let gathered: Int64 = 64 * 1024

    /// `head` with the streamed body's length, unless it states one (every dialect's handler
    /// does; looked up as the project looks up fields, not through `HTTPFields`' subscript, which
    /// joins through an unspecialised `joined(separator:)`: HeaderLookup.swift).
    private static func framed(_ head: HTTPResponse, length: Int64) -> HTTPResponse {
        guard head.headerFields.joinedValue(.contentLength) == nil else { return head }
        var framed = head
        framed.headerFields[.contentLength] = String(length)
        return framed
    }
}
