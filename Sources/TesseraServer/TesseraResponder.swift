import DialectBOS
import DialectS3
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TesseraCore
import TesseraHTTP

/// The single Hummingbird responder: turns each request into a ``WireRequest``, answers
/// `/health`, picks the dialect and turns its ``WireResponse`` back.
struct TesseraResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let s3: S3Dialect
    let bos: BOSDialect
    let clock: any WallClock

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let wire = WireRequest(
            method: request.method, target: request.head.path ?? "/", authority: request.head.authority,
            headers: request.headers, body: ByteStream(request.body), requestID: RequestID.make(), receivedAt: clock.now())
        if wire.method == .get, wire.rawPath == "/health", wire.headers[.authorization] == nil, wire.rawQuery.isEmpty {
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // The dialect is chosen by the authorization scheme; anonymous requests get S3's answer.
        var response = BCEVerifier.isSigned(wire) ? await bos.handle(wire, logger: context.logger) : await s3.handle(wire, logger: context.logger)
        response.headers[.date] = clock.now().httpDate
        response.headers[.server] = "Tessera"
        return Self.hummingbirdResponse(response)
    }

    static func hummingbirdResponse(_ w: WireResponse) -> Response {
        switch w.body {
        case .empty:
            var headers = w.headers
            if headers[.contentLength] == nil { headers[.contentLength] = "0" }
            return Response(status: w.status, headers: headers, body: ResponseBody())
        case .buffer(let buffer):
            var headers = w.headers
            headers[.contentLength] = String(buffer.readableBytes)
            return Response(status: w.status, headers: headers, body: ResponseBody(byteBuffer: buffer))
        case .stream(let length, let write):
            return Response(status: w.status, headers: w.headers, body: ResponseBody(contentLength: Int(length)) { writer in
                try await write { buffer in try await writer.write(buffer) }
                try await writer.finish(nil)
            })
        }
    }
}
