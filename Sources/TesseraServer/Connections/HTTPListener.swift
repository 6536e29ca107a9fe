import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A listener: Hummingbird's HTTP server over the guarded channel (``HTTPServerBuilder/guardedHTTP1``),
/// each request answered by the ``TesseraResponder`` and its response written back.
///
/// This is what Hummingbird's `Application` does per request, less what Tessera does not use: it
/// copied the logger to give it a request-id metadata entry and bound it as the task's logger
/// (7,700 instructions a request under callgrind, `bench/callgrind.py`; Tessera's requests carry
/// their own id), and it overwrote the `Date` header the responder had already set.
enum HTTPListener {
    /// The listener's service: binds `address` when run, stops accepting and drains its
    /// connections on graceful shutdown. `onRunning` receives the bound channel.
    static func service(responder: TesseraResponder, server: HTTPServerBuilder, address: BindAddress, logger: Logger,
                        onRunning: @escaping @Sendable (any Channel) async -> Void) throws -> any Service {
        try server.buildServer(
            configuration: HummingbirdCore.ServerConfiguration(address: address, serverName: nil),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger,
            responder: { request, writer, channel in
                let context = BasicRequestContext(source: .init(channel: channel, logger: logger))
                let response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch let error as HTTPParserError {
                    throw error
                } catch {
                    logger.debug("Unrecognised error", metadata: ["error.type": "\(error)"])
                    response = Response(status: .internalServerError)
                }
                do {
                    try await writer.write(response: response.head, body: response.body)
                } catch is HTTPParserError {
                    // Not rethrown as itself: the connection would answer the parse error with a
                    // second response. Any other error closes the connection.
                    throw ParseErrorWhileWritingResponse()
                }
            },
            onServerRunning: onRunning)
    }

    /// A request's bytes turned out malformed while its response was being written.
    struct ParseErrorWhileWritingResponse: Error {}
}
