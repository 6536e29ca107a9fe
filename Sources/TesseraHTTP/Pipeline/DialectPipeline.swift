public import Logging
import HTTPTypes
public import TesseraCore

/// The one request driver for every dialect: authenticate, route, execute; catch and render
/// any failure in the dialect's words; log server faults; stamp the request id, `Date` and
/// `Server`; record the outcome.
public struct DialectPipeline: Sendable {
    /// The largest header section accepted, in bytes. S3 documents 8 KiB for a PUT's headers;
    /// twice that leaves room for clients' long user agents and still refuses header floods.
    public static let defaultMaxHeaderBytes = 16 * 1024

    let maxHeaderBytes: Int
    /// Whether records name the operation's bucket and key (read only for an access log).
    let recordsTarget: Bool
    /// `Date` and `Server` on every answer (and on responses made outside the pipeline).
    public let stamp: ResponseStamp

    /// Creates a pipeline whose answers carry the time of `clock`.
    public init(maxHeaderBytes: Int = DialectPipeline.defaultMaxHeaderBytes, recordsTarget: Bool = false, clock: any WallClock = SystemClock()) {
        self.maxHeaderBytes = maxHeaderBytes
        self.recordsTarget = recordsTarget
        self.stamp = ResponseStamp(clock: clock)
    }

    /// A response and the record of how it came about.
    public struct Answer: Sendable {
        /// The response to send.
        public var response: WireResponse
        /// What the metrics and access log see (bytes and duration still to be filled in).
        public var record: RequestRecord
    }

    /// Answers one request through `dialect`. Never throws: every failure becomes the dialect's
    /// error response.
    public func respond<D: WireDialect>(to request: WireRequest, with dialect: D, logger: Logger) async -> Answer {
        var operation = "Unknown"
        var target: (bucket: String?, key: String?) = (nil, nil)
        var response: WireResponse
        var failureCode: String?
        // A browser's request: the bucket's CORS rules name what its page may read, on an
        // error too (one lookup a request without an `Origin`).
        let origin = request.header(.origin)
        do {
            guard request.headerBytes <= maxHeaderBytes else {
                throw WireError(.headerSectionTooLarge, "Your request header section exceeds the maximum allowed size (\(maxHeaderBytes) bytes).")
            }
            let principal = try await dialect.authenticate(request)
            let op = try dialect.route(request)
            operation = dialect.name(of: op)
            if recordsTarget { target = OperationTarget.of(op) }
            response = try await dialect.execute(op, request, as: principal)
            if let origin { response.headers.append(contentsOf: await dialect.crossOriginFields(op, request, origin: origin)) }
        } catch {
            let failure = RequestFailure(error)
            failureCode = dialect.errorCode(failure)
            if failure.isServerFault {
                logger.error("\(dialect.name) \(operation) failed: \(error)", metadata: ["request-id": "\(request.requestID)"])
            }
            response = dialect.render(failure, request)
            // Routed again, for its bucket: keeping the operation from the `do` block cost every
            // request a generic metadata lookup (~2,000 instructions; callgrind).
            if let origin, let op = try? dialect.route(request) {
                response.headers.append(contentsOf: await dialect.crossOriginFields(op, request, origin: origin))
            }
        }
        // One field made for the id, copied under each name (making one checks its value).
        let names = dialect.requestIDHeaders
        if let first = names.first {
            var field = HTTPField(name: first, value: request.requestID)
            for name in names {
                field.name = name
                response.headers.set(field)
            }
        }
        // Here, where the response's fields have no other reference: set after the answer left,
        // they were copied whole first (6,000-9,000 instructions a request; callgrind).
        response.setBodyLength()
        stamp.stamp(&response)
        let record = RequestRecord(requestID: request.requestID, dialect: dialect.name, operation: operation,
                                   bucket: target.bucket, key: target.key, status: response.status, failure: failureCode)
        return Answer(response: response, record: record)
    }
}
