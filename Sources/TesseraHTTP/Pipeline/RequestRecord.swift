public import HTTPTypes

/// What is known about one request once it has been answered: the metrics and the access log
/// read it. The pipeline fills what routing and the outcome tell; the server adds the bytes that
/// crossed the connection and the time until the last byte.
public struct RequestRecord: Sendable {
    /// The request id sent back to the client.
    public var requestID: String
    /// The dialect that answered (`S3`, `BOS`, `UFile`, `Admin`).
    public var dialect: String
    /// The operation (`"Unknown"` when the request failed before routing).
    public var operation: String
    /// The bucket the operation names, when it names one.
    public var bucket: String?
    /// The object key the operation names, when it names one.
    public var key: String?
    /// The response status.
    public var status: HTTPResponse.Status
    /// The failure's code (`NoSuchKey`, …), when it failed.
    public var failure: String?
    /// Request body bytes read from the connection.
    public var bytesIn: Int64 = 0
    /// Response body bytes written (the declared length when the body did not finish).
    public var bytesOut: Int64 = 0
    /// Wall time from the request's arrival to its end, in seconds.
    public var seconds: Double = 0

    /// A record of a request routed (or not) through `dialect`.
    public init(requestID: String, dialect: String, operation: String, bucket: String? = nil, key: String? = nil,
                status: HTTPResponse.Status, failure: String? = nil) {
        self.requestID = requestID
        self.dialect = dialect
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.status = status
        self.failure = failure
    }
}
