public import Logging
public import HTTPTypes
import TesseraCore

/// What the pipeline knows about one finished request, for logs and metrics.
public struct RequestRecord: Sendable {
    /// The dialect that answered.
    public var dialect: String
    /// The operation (`"Unknown"` when the request failed before routing).
    public var operation: String
    /// The response status.
    public var status: HTTPResponse.Status
    /// The failure's code, when it failed.
    public var failure: String?
    /// Wall time from the request's arrival to the response head, in seconds.
    public var seconds: Double
}

/// The one request driver for every dialect: authenticate, route, execute; catch and render
/// any failure in the dialect's words; log server faults; stamp the request id; time it.
public struct DialectPipeline: Sendable {
    /// Called once per request with its record (metrics, access log).
    public typealias Observer = @Sendable (RequestRecord) -> Void

    /// The largest header section accepted, in bytes. S3 documents 8 KiB for a PUT's headers;
    /// twice that leaves room for clients' long user agents and still refuses header floods.
    public static let defaultMaxHeaderBytes = 16 * 1024

    let observer: Observer?
    let maxHeaderBytes: Int

    /// Creates a pipeline; `observer` sees every finished request.
    public init(maxHeaderBytes: Int = DialectPipeline.defaultMaxHeaderBytes, observer: Observer? = nil) {
        self.maxHeaderBytes = maxHeaderBytes
        self.observer = observer
    }

    /// Answers one request through `dialect`. Never throws: every failure becomes the dialect's
    /// error response.
    public func respond<D: WireDialect>(to request: WireRequest, with dialect: D, logger: Logger) async -> WireResponse {
        let started: ContinuousClock.Instant? = observer == nil ? nil : ContinuousClock.now
        var operation = "Unknown"
        var response: WireResponse
        var failureCode: String?
        do {
            guard request.headerBytes <= maxHeaderBytes else {
                throw WireError(.headerSectionTooLarge, "Your request header section exceeds the maximum allowed size (\(maxHeaderBytes) bytes).")
            }
            let principal = try await dialect.authenticate(request)
            let op = try dialect.route(request)
            operation = dialect.name(of: op)
            response = try await dialect.execute(op, request, as: principal)
        } catch {
            let failure = RequestFailure(error)
            failureCode = failure.code
            if failure.isServerFault {
                logger.error("\(dialect.name) \(operation) failed: \(error)", metadata: ["request-id": "\(request.requestID)"])
            }
            response = dialect.render(failure, request)
        }
        for header in dialect.requestIDHeaders { response.headers[header] = request.requestID }
        if let observer, let started {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            observer(RequestRecord(dialect: dialect.name, operation: operation, status: response.status, failure: failureCode, seconds: seconds))
        }
        return response
    }
}
