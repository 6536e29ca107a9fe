import HTTPTypes
import NIOCore
import TesseraHTTP

/// Hands a request's answer from its task to its connection's ``RequestDispatcher``: a body in
/// memory in one hop to the event loop; a streamed body a piece at a time, each waiting only
/// while the channel will take no more (its write buffer above NIO's high watermark).
struct ResponseSender: Sendable {
    let dispatcher: NIOLoopBound<RequestDispatcher>
    let loop: any EventLoop

    /// Writes `answered.response`, then tells its telemetry the body bytes written.
    func send(_ answered: TesseraResponder.Answered) async {
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
        case .stream(let length, let write):
            var framed = head
            if framed.headerFields[.contentLength] == nil { framed.headerFields[.contentLength] = String(length) }
            let streamHead = framed
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
}
