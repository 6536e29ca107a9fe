public import HTTPTypes
public import TesseraHTTP

/// A request's answer, and what to call with the body bytes written once the last is (or once
/// writing it failed, with what was written).
public struct RequestAnswer: Sendable {
    /// The response, its length set.
    public var response: WireResponse
    /// Hands the request's record to the telemetry; nil for requests that have none.
    public var finished: (@Sendable (Int64) -> Void)?

    /// `response`, and what to call once its body is written.
    public init(response: WireResponse, finished: (@Sendable (Int64) -> Void)? = nil) {
        self.response = response
        self.finished = finished
    }
}

/// Answers one request, in the task its connection starts for it (the server's: its responder).
public typealias RequestAnswering = @Sendable (HTTPRequest, RequestBody, ConnectionPeer) async -> RequestAnswer

/// Who a connection is with, as its requests' answers may need it (a bucket policy's
/// `aws:SourceIp` and `aws:SecureTransport`).
public struct ConnectionPeer: Sendable {
    /// The client's address as text (IPv4 or IPv6), when the connection has one.
    public var address: String?
    /// Whether the connection is over TLS.
    public var secure: Bool

    /// Creates a peer.
    public init(address: String? = nil, secure: Bool = false) {
        self.address = address
        self.secure = secure
    }
}
