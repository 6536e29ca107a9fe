public import HTTPTypes

/// One wire protocol over the engine. A dialect only translates: it authenticates a request,
/// parses it into a typed operation with validated parameters, executes that against the
/// engine, and renders results and failures in its own documents. ``DialectPipeline`` drives
/// every dialect the same way.
public protocol WireDialect: Sendable {
    /// The dialect's operations, each carrying its parsed, validated, clamped parameters.
    associatedtype Operation: Sendable
    /// Who signed the request (and anything else the signature established).
    associatedtype Principal: Sendable

    /// The dialect's name in logs and metrics (`S3`, `BOS`, `UFile`).
    var name: String { get }
    /// The response headers that carry the request id (`x-amz-request-id`, …).
    var requestIDHeaders: [HTTPField.Name] { get }

    /// Verifies the request's signature; runs before routing and before any body is read.
    func authenticate(_ request: WireRequest) async throws -> Principal
    /// Parses the request into an operation.
    func route(_ request: WireRequest) throws -> Operation
    /// The operation's name for logs and metrics.
    func name(of operation: Operation) -> String
    /// Runs an operation against the engine and renders its result.
    func execute(_ operation: Operation, _ request: WireRequest, as principal: Principal) async throws -> WireResponse
    /// Renders a failure as the dialect's error document (no body for HEAD).
    func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse
    /// The error code the client sees for `failure` (`NoSuchKey`, UFile's `RetCode`), for the
    /// metrics and the access log.
    func errorCode(_ failure: RequestFailure) -> String
    /// The cross-origin (CORS) fields the answer to `operation` carries for a browser's request
    /// from `origin`, success or failure, when the bucket's rules allow it (S3's and BOS's bucket
    /// CORS); none by default.
    func crossOriginFields(_ operation: Operation, _ request: WireRequest, origin: String) async -> HTTPFields
}

extension WireDialect {
    /// No cross-origin rules: no fields.
    public func crossOriginFields(_ operation: Operation, _ request: WireRequest, origin: String) async -> HTTPFields { [:] }
}
