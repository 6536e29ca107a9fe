import HTTPTypes
import NIOCore
import NIOHTTPTypes

extension RequestDispatcher {
    // MARK: Responses out (called by ``ResponseSender`` on the loop)

    /// Writes a response whose body is in memory, whole.
    func writeWhole(_ head: HTTPResponse, body: ByteBuffer?) {
        guard let context else { return }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        writeEnd(context: context)
    }

    /// Writes a streamed response's head.
    func writeHead(_ head: HTTPResponse) {
        context?.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Writes a piece of a streamed body; the future completes once the channel takes more.
    func writePiece(_ piece: ByteBuffer, loop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, context.channel.isActive, !closing else { return loop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        context.writeAndFlush(wrapOutboundOut(.body(piece)), promise: nil)
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        writableWaiters.append(promise)
        return promise.futureResult
    }

    /// Ends a streamed body.
    func writeEnd() {
        guard let context else { return }
        writeEnd(context: context)
    }

    /// A streamed response failed part-way: its length can no longer be kept, so the connection
    /// closes.
    func responseFailed() {
        answering = false
        closing = true
        source?.finish(ChannelError.ioOnClosedChannel)
        source = nil
        context?.close(promise: nil)
    }

    func writeEnd(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        answering = false
        // The reader is gone: the rest of the body is read and dropped.
        source?.finish()
        source = nil
        bodyFull = false
        if closeAfterResponse {
            endOutput(context: context)
        } else if inBody {
            resumeReading()
        } else {
            nextRequest(context: context)
        }
    }

    /// Ends the output once written, reading on and dropping what comes until the client closes
    /// too (a close with unread bytes would reset the connection, and the client could lose the
    /// response); where half-closure is not possible, closes.
    func endOutput(context: ChannelHandlerContext) {
        closing = true
        waiting.removeAll()
        bodyFull = false
        if inputClosed {
            closeOnceWritten(context: context)
            return
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound(context, eventLoop: loop)
        let ended = loop.makePromise(of: Void.self)
        context.close(mode: .output, promise: ended)
        ended.futureResult.whenFailure { _ in bound.value.close(promise: nil) }
        resumeReading()
    }

    /// Closes once the writes so far have reached the socket (the codec completes a promise
    /// given with no bytes only after the writes before it).
    func closeOnceWritten(context: ChannelHandlerContext) {
        closing = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let flushed = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.body(ByteBuffer())), promise: flushed)
        flushed.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }
}
