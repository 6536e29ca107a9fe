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
        self.body = body
    }

    /// A response whose body is `text` in UTF-8 with the given content type.
    public static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String, headers: HTTPFields = [:]) -> WireResponse {
        var h = headers
        h[.contentType] = contentType
        return WireResponse(status: status, headers: h, body: .buffer(ByteBuffer(string: text)))
    }

    /// Sets a header by name.
    public mutating func setHeader(_ name: String, _ value: String) {
        if let n = HTTPField.Name(name) { headers[n] = value }
    }
}
