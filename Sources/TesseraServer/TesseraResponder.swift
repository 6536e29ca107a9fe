import DialectBOS
import DialectS3
import DialectUFile
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TesseraCore
import TesseraConnections
import TesseraHTTP

/// The single responder: turns each request into a ``WireRequest``, answers `/health` and
/// `/metrics`, picks the dialect, and hands the request's record (bytes both ways, time to the
/// last byte) to the telemetry once its ``WireResponse`` is written. The server's connections
/// call it through ``RequestDispatcher``; HummingbirdTesting's router tests as Hummingbird's
/// responder.
struct TesseraResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let s3: S3Dialect
    let bos: BOSDialect
    let ufile: UFileDialect
    let admin: AdminEndpoint
    /// The web console at `/console/` (nil: turned off).
    let console: ConsoleEndpoint?
    /// Serves only the console (and `/health`): the console's own listener.
    var consoleOnly = false
    let metrics: ServerMetrics
    let engine: Engine
    let clock: any WallClock
    let pipeline: DialectPipeline
    /// Where each answered request is counted and logged.
    let telemetry: RequestTelemetry
    /// Required as `Authorization: Bearer <token>` on `/metrics` when set.
    let metricsToken: String?
    /// The id of each request (`x-amz-request-id` and the dialects' equivalents).
    let requestIDs = RequestIDs()
    /// Proxies whose `X-Forwarded-For` names the client (``ForwardedClient``).
    var trustedProxies: [AddressRange] = []
    /// `X-Forwarded-For`.
    static let forwardedFor = HTTPField.Name("x-forwarded-for")!

    /// A request's answer, and what to call with the body bytes written once the last is (or once
    /// writing it failed, with what was written).
    typealias Answered = RequestAnswer

    /// HummingbirdTesting's entry (the server tests): ``answer(_:body:logger:)`` as a Hummingbird
    /// response. The server's connections call ``answer(_:body:logger:)`` themselves
    /// (``RequestDispatcher``).
    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let answered = await answer(request.head, body: request.body, peer: ConnectionPeer(), logger: context.logger)
        return Self.hummingbirdResponse(answered.response, finished: answered.finished ?? { _ in })
    }

    /// ``answer(_:body:logger:)`` for a connection's ``RequestDispatcher``.
    func answerer(logger: Logger) -> RequestAnswering {
        { head, body, peer in await answer(head, body: body, peer: peer, logger: logger) }
    }

    /// Answers one request from `peer`: `/health`, `/metrics`, the console, the admin API or a dialect.
    func answer<Body: AsyncSequence & Sendable>(_ head: HTTPRequest, body: Body, peer: ConnectionPeer, logger: Logger) async -> Answered
    where Body.Element == ByteBuffer {
        let started = ContinuousClock.now
        let bytesIn = ByteCounter()
        let wire = WireRequest(
            method: head.method, target: head.path ?? "/", authority: head.authority,
            headers: head.headerFields, body: ByteStream(CheckedRequestBody(base: body, counter: bytesIn)),
            requestID: requestIDs.next(), receivedAt: clock.now(), secure: peer.secure,
            remoteAddress: trustedProxies.isEmpty ? peer.address
                : ForwardedClient.address(peer: peer.address, forwardedFor: head.headerFields[values: Self.forwardedFor], trusted: trustedProxies))
        if wire.method == .get, wire.rawPath == "/health", wire.header(.authorization) == nil, wire.rawQuery.isEmpty {
            // Unstamped, as before: a load balancer's probe needs no `Date`.
            var health = WireResponse.text(.ok, "ok\n", contentType: "text/plain")
            health.setBodyLength()
            return Answered(response: health)
        }
        if wire.method == .get, wire.rawPath == "/metrics", metricsToken != nil || wire.header(.authorization) == nil {
            return Answered(response: stamped(await metricsResponse(authorization: wire.header(.authorization))))
        }
        let answer: DialectPipeline.Answer
        if consoleOnly, let console {
            guard ConsoleEndpoint.claims(wire.rawPath) else {
                return Answered(response: stamped(.text(.notFound, "This listener serves only the console: /console/\n", contentType: "text/plain")))
            }
            answer = await pipeline.respond(to: wire, with: console, logger: logger)
        } else if wire.rawPath.hasPrefix(AdminEndpoint.prefix) {
            answer = await pipeline.respond(to: wire, with: admin, logger: logger)
        } else if let console, ConsoleEndpoint.claims(wire.rawPath), !Self.isSigned(wire), !ufile.claims(wire),
                  S3Router.virtualBucket(host: wire.host, domains: s3.domains) == nil {
            answer = await pipeline.respond(to: wire, with: console, logger: logger)
        } else {
            answer = await dialectResponse(wire, logger: logger)
        }
        let telemetry = self.telemetry
        // Only the record goes into the closure. The answer still refers to the response's fields,
        // but nothing changes them from here on (the pipeline set the length and stamp), so that
        // second reference copies nothing.
        let answered = answer.record
        return Answered(response: answer.response) { bytesOut in
            var record = answered
            record.bytesIn = bytesIn.value
            record.bytesOut = bytesOut
            let elapsed = ContinuousClock.now - started
            record.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            telemetry.finished(record)
        }
    }

    /// Whether a request carries an S3 signature (header or presigned query): such a request for
    /// `/console…` is S3's, for a bucket named `console`; a browser's is the console's — unless
    /// its Host names a bucket (UFile's or S3's virtual-hosted style): then `/console…` is a key.
    static func isSigned(_ wire: WireRequest) -> Bool {
        wire.header(.authorization) != nil || wire.query.has("X-Amz-Signature") || wire.query.has("Signature")
    }

    /// `response` with its `Content-Length` and the server's `Date` and `Server` headers, as the
    /// pipeline sets them on its answers.
    private func stamped(_ response: consuming WireResponse) -> WireResponse {
        response.setBodyLength()
        pipeline.stamp.stamp(&response)
        return response
    }

    /// Prometheus text format: per-bucket upload gauges from the engine's totals, reaper counters.
    func metricsResponse(authorization: String?) async -> WireResponse {
        if let metricsToken, !ConstantTime.equals(authorization ?? "", "Bearer " + metricsToken) {
            var refused = WireResponse.text(.unauthorized, "/metrics needs Authorization: Bearer <token>\n", contentType: "text/plain")
            refused.setHeader("www-authenticate", "Bearer")
            return refused
        }
        do {
            let text = metrics.render(uploads: try await engine.uploadTotals(), objects: try await engine.objectTotals(), now: engine.clock.now(),
                                      freeBytes: engine.availableBytes(), reserve: engine.configuration.minimumFreeBytes)
            return .text(.ok, text, contentType: "text/plain; version=0.0.4")
        } catch {
            return .text(.internalServerError, "metrics unavailable: \(error)\n", contentType: "text/plain")
        }
    }

    /// Design §3: the authorization scheme picks the dialect (`bce-auth-v1/`, `UCloud `, else
    /// SigV4/V2); unsigned requests go to UFile when the Host is a configured UFile domain or a
    /// UFile-only sub-resource is asked for, and to S3 otherwise.
    func dialectResponse(_ wire: WireRequest, logger: Logger) async -> DialectPipeline.Answer {
        if BCEVerifier.isSigned(wire) { return await pipeline.respond(to: wire, with: bos, logger: logger) }
        if ufile.claims(wire) { return await pipeline.respond(to: wire, with: ufile, logger: logger) }
        return await pipeline.respond(to: wire, with: s3, logger: logger)
    }

    /// The Hummingbird response of `w`, whose length is already set (by the pipeline or by
    /// ``stamped(_:)``); `finished` learns the body bytes written, once the last is (for a stream:
    /// after it ends or fails, with what was written).
    static func hummingbirdResponse(_ w: consuming WireResponse, finished: @escaping @Sendable (Int64) -> Void = { _ in }) -> Response {
        switch w.body {
        case .empty:
            finished(0)
            return Response(status: w.status, headers: w.headers, body: ResponseBody())
        case .buffer(let buffer):
            finished(Int64(buffer.readableBytes))
            return Response(status: w.status, headers: w.headers, body: ResponseBody(byteBuffer: buffer))
        case .stream(let length, let write):
            return Response(status: w.status, headers: w.headers, body: ResponseBody(contentLength: Int(length)) { writer in
                var written: Int64 = 0
                defer { finished(written) }
                try await write { buffer in
                    written += Int64(buffer.readableBytes)
                    try await writer.write(buffer)
                }
                try await writer.finish(nil)
            })
        }
    }
}
