public import HTTPTypes
public import NIOCore

/// A response as a dialect produces it.
public struct WireResponse: Sendable {
    /// Writes body bytes to the client.
    public typealias Sink = (ByteBuffer) async throws -> Void

    /// The body.
    public enum Body: Sendable {
        /// No body.
        case empty
        /// A body already in memory.
        case buffer(ByteBuffer)
        /// A body streamed by `write`, of exactly `length` bytes.
        case stream(length: Int64, write: @Sendable (Sink) async throws -> Void)
    }

    /// Status.
    public var status: HTTPResponse.Status
    /// Headers.
    public var headers: HTTPFields
    /// Body.
    public var body: Body

    /// Creates a response.
    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        // Room for the fields a response gets on its way out (the request ids, `Date`, `Server`,
        // the length): grown one field at a time, the list was copied four times over, 5,000
        // instructions a HeadObject (callgrind, docs/benchmarks.md).
        self.headers.reserveCapacity(Self.expectedFields)
        self.body = body
    }

    /// How many fields a response is made room for at first: a HeadObject answer has 12-15.
    static let expectedFields = 16

    /// A response whose body is `text` in UTF-8 with the given content type.
    public static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String, headers: HTTPFields = [:]) -> WireResponse {
        var response = WireResponse(status: status, headers: headers, body: .buffer(ByteBuffer(string: text)))
        response.headers.set(contentType, for: .contentType)
        return response
    }

    /// A response whose body is a document's bytes with the given content type.
    public static func document(_ status: HTTPResponse.Status, _ bytes: ByteBuffer, contentType: String) -> WireResponse {
        var response = WireResponse(status: status, body: .buffer(bytes))
        response.headers.set(contentType, for: .contentType)
        return response
    }

    /// Sets `Content-Length` for a body in memory (its size) or no body at all (0, unless one is
    /// set: a HEAD answer states the object's); a streamed body's is its handler's. Leaves the
    /// fields alone when they already say so.
    public mutating func setBodyLength() {
        switch body {
        case .buffer(let buffer):
            let length = String(buffer.readableBytes)
            if headers.joinedValue(.contentLength) != length { headers.set(length, for: .contentLength) }
        case .empty:
            if headers.joinedValue(.contentLength) == nil { headers[.contentLength] = "0" }
        case .stream:
            break
        }
    }

    /// Sets a header by name.
    public mutating func setHeader(_ name: String, _ value: String) {
        if let n = HTTPField.Name(name) { headers.set(value, for: n) }
    }

    /// A GET's or HEAD's overrides of stored headers by query parameters (S3's
    /// `response-content-type`, BOS's `responseContentType`, …): each `(parameter, header)` pair
    /// present in `query` sets that header.
    public mutating func overrideHeaders(from query: QueryParameters, _ pairs: [(parameter: String, header: String)]) {
        for (parameter, header) in pairs {
            if let value = query[parameter] { setHeader(header, value) }
        }
    }
}
