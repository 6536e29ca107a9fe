import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

extension RequestDispatcher {
    // MARK: The connection's events

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        startHeld(context: context)
        if let source {
            // The body's reader gets the error (``CheckedRequestBody``: the dialect's 400).
            source.finish(error)
            self.source = nil
            inBody = false
            closeAfterResponse = true
        } else if answering {
            closeAfterResponse = true
        } else if closing {
            return
        } else if error is HTTPParserError {
            closing = true
            let answer = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
            context.write(wrapOutboundOut(.head(answer)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            endOutput(context: context)
        } else {
            closing = true
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputClosed = true
        guard !closing else {
            context.close(promise: nil)
            return
        }
        startHeld(context: context)
        endUnfinishedBody()
        // The requests read are answered first, then the connection closes.
        if !answering { nextRequest(context: context) }
    }

    /// After the input closed: a body that can no longer end fails (the dialect's 400).
    func endUnfinishedBody() {
        source?.finish(ChannelError.eof)
        source = nil
        inBody = false
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { wakeWriters(failing: false) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        source?.finish(ChannelError.ioOnClosedChannel)
        source = nil
        heldHead = nil
        heldBody = nil
        waiting.removeAll()
        wakeWriters(failing: true)
        context.fireChannelInactive()
    }

    func wakeWriters(failing: Bool) {
        let waiters = writableWaiters
        writableWaiters.removeAll()
        for waiter in waiters {
            if failing { waiter.fail(ChannelError.ioOnClosedChannel) } else { waiter.succeed() }
        }
    }
}
