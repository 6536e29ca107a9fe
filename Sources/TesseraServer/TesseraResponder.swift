import DialectBOS
import DialectS3
import DialectUFile
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
    let ufile: UFileDialect
    let admin: AdminEndpoint
    let metrics: ServerMetrics
    let engine: Engine
    let clock: any WallClock
    let pipeline: DialectPipeline
    /// Required as `Authorization: Bearer <token>` on `/metrics` when set.
    let metricsToken: String?

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let wire = WireRequest(
            method: request.method, target: request.head.path ?? "/", authority: request.head.authority,
            headers: request.headers, body: ByteStream(CheckedRequestBody(base: request.body)), requestID: RequestID.make(), receivedAt: clock.now())
        if wire.method == .get, wire.rawPath == "/health", wire.headers[.authorization] == nil, wire.rawQuery.isEmpty {
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        var response: WireResponse
        if wire.method == .get, wire.rawPath == "/metrics", metricsToken != nil || wire.headers[.authorization] == nil {
            response = await metricsResponse(authorization: wire.headers[.authorization])
        } else if wire.rawPath.hasPrefix(AdminEndpoint.prefix) {
            response = await pipeline.respond(to: wire, with: admin, logger: context.logger)
        } else {
            response = await dialectResponse(wire, logger: context.logger)
        }
        response.headers[.date] = clock.now().httpDate
        response.headers[.server] = "Tessera"
        return Self.hummingbirdResponse(response)
    }

    /// Prometheus text format: per-bucket upload gauges from the engine's totals, reaper counters.
    func metricsResponse(authorization: String?) async -> WireResponse {
        if let metricsToken, !ConstantTime.equals(authorization ?? "", "Bearer " + metricsToken) {
            var refused = WireResponse.text(.unauthorized, "/metrics needs Authorization: Bearer <token>\n", contentType: "text/plain")
            refused.setHeader("www-authenticate", "Bearer")
            return refused
        }
        do {
            let text = metrics.render(totals: try await engine.uploadTotals(), now: engine.clock.now(),
                                      freeBytes: engine.availableBytes(), reserve: engine.configuration.minimumFreeBytes)
            return .text(.ok, text, contentType: "text/plain; version=0.0.4")
        } catch {
            return .text(.internalServerError, "metrics unavailable: \(error)\n", contentType: "text/plain")
        }
    }

    /// Design §3: the authorization scheme picks the dialect (`bce-auth-v1/`, `UCloud `, else
    /// SigV4/V2); unsigned requests go to UFile when the Host is a configured UFile domain or a
    /// UFile-only sub-resource is asked for, and to S3 otherwise.
    func dialectResponse(_ wire: WireRequest, logger: Logger) async -> WireResponse {
        if BCEVerifier.isSigned(wire) { return await pipeline.respond(to: wire, with: bos, logger: logger) }
        if ufile.claims(wire) { return await pipeline.respond(to: wire, with: ufile, logger: logger) }
        return await pipeline.respond(to: wire, with: s3, logger: logger)
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
