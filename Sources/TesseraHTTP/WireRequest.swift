public import HTTPTypes
import NIOCore
public import TesseraCore

/// A request as a dialect sees it: method, the raw and decoded target, headers and a streamed body.
/// Built by the server from whatever HTTP framework it runs; dialects depend only on this.
public struct WireRequest: Sendable {
    /// The method.
    public var method: HTTPRequest.Method
    /// The path exactly as received (percent-encoded, no query).
    public var rawPath: String
    /// The query exactly as received (without `?`).
    public var rawQuery: String
    /// Decoded query parameters, in order.
    public var query: QueryParameters
    /// Header fields.
    public var headers: HTTPFields
    /// The Host (from the header or an absolute-form target), without port, lower-case.
    public var host: String
    /// The Host exactly as sent, with port (what SigV4 signs as `host`).
    public var authority: String
    /// The body.
    public var body: ByteStream
    /// The id this request is known by in logs and responses.
    public var requestID: String
    /// When it arrived.
    public var receivedAt: Timestamp
    /// The client's address (IPv4 or IPv6 text), when the connection has one.
    public var remoteAddress: String?
    /// Whether it came over TLS.
    public var secure: Bool

    /// The condition keys of a bucket policy every dialect's request has: how and from where it
    /// came (`aws:SecureTransport`, `aws:SourceIp`), and its client's `aws:UserAgent` and
    /// `aws:Referer`, as a policy's facts (what BOS and UFile requests give). The closure holds
    /// only what it reads, not a copy of the whole request (callgrind: a copy of it cost ~350
    /// instructions a request).
    public var connectionFacts: RequestFacts {
        { [secure, remoteAddress, headers] in Self.connectionFact($0, secure: secure, remoteAddress: remoteAddress, headers: headers) }
    }

    /// The value of a condition key every dialect's request has (``connectionFacts``), or `nil`.
    public static func connectionFact(_ key: String, secure: Bool, remoteAddress: String?, headers: HTTPFields) -> [String]? {
        switch key {
        case "aws:securetransport": return [secure ? "true" : "false"]
        case "aws:sourceip": return remoteAddress.map { [$0] }
        case "aws:useragent": return headers[.userAgent].map { [$0] }
        case "aws:referer": return headers[Self.referer].map { [$0] }
        default: return nil
        }
    }

    /// `Referer`.
    static let referer = HTTPField.Name("referer")!

    /// Creates a request from a raw target (`/path?query`).
    public init(method: HTTPRequest.Method, target: String, authority: String?, headers: HTTPFields, body: ByteStream,
                requestID: String, receivedAt: Timestamp, secure: Bool = false, remoteAddress: String? = nil) {
        self.method = method
        self.remoteAddress = remoteAddress
        self.secure = secure
        var target = Substring(target)
        var host = authority ?? ""
        // Origin form (`/…`, nearly every request) is told by its first byte.
        if target.utf8.first != UInt8(ascii: "/"), target.hasPrefix("http://") || target.hasPrefix("https://") {
            let rest = target[target.index(target.firstIndex(of: "/")!, offsetBy: 2)...]
            let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            // RFC 9112 §3.2.2: with an absolute-form target, its authority is the request's host.
            host = String(rest[..<slash])
            target = rest[slash...]
            if target.isEmpty || target.first == "?" { target = "/" + target }
        }
        self.authority = host
        if let colon = host.utf8.lastIndex(of: UInt8(ascii: ":")), host.utf8.last != UInt8(ascii: "]") { host = String(host[..<colon]) }
        // `lowercased()` copies even a lower-case ASCII host (every SDK sends one).
        self.host = host.containsByte(where: { $0 &- 65 < 26 || $0 >= 0x80 }) ? host.lowercased() : host
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = String(target[..<q])
            rawQuery = String(target[target.index(after: q)...])
        } else {
            rawPath = String(target)
            rawQuery = ""
        }
        query = QueryParameters(raw: rawQuery)
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.receivedAt = receivedAt
    }

    /// The decoded path.
    public var path: String { PercentEncoding.decode(rawPath) ?? rawPath }

    /// A header's value (several fields of the name joined with ", ", as `HTTPFields` does).
    ///
    /// Compares the lower-cased name with each field's canonical name instead of building an
    /// `HTTPField.Name` (validated and lower-cased anew on every call): a request asks for a
    /// dozen headers (callgrind, docs/benchmarks.md).
    public func header(_ name: String) -> String? {
        let lowerCase = name.utf8.withContiguousStorageIfAvailable { !$0.contains(where: { $0 &- 65 < 26 }) }
            ?? name.utf8.allSatisfy({ $0 &- 65 >= 26 })
        guard lowerCase else { return HTTPField.Name(name).flatMap { headers.joinedValue($0) } }
        return headers.joinedValue(canonicalName: name)
    }

    /// The values of several headers, each as ``header(_:)-(String)`` gives it, read in one pass
    /// over the fields (``HTTPFields/joinedValues(canonicalNames:)``); `names` in lower case.
    public func headers(named names: [String]) -> [String?] { headers.joinedValues(canonicalNames: names) }

    /// A header's value, as `headers[name]` gives it at a fraction of the cost
    /// (``HTTPFields/joinedValue(canonicalName:)``); not for `Cookie`.
    public func header(_ name: HTTPField.Name) -> String? { headers.joinedValue(name) }

    /// The size of the header section as sent (`name: value\r\n` per field).
    public var headerBytes: Int { headers.wireBytes }

    /// `Content-Length`, if valid.
    public var contentLength: Int64? { header(.contentLength).flatMap { Int64($0) } }
}

/// Decoded query parameters; flags (`?uploads`) have a `nil` value.
public struct QueryParameters: Sendable, Hashable {
    /// Name/value pairs in order.
    public var pairs: [(name: String, value: String?)]

    /// Parses `a=1&b&c=%20`.
    ///
    /// Split on the bytes `&` and `=` (``Swift/StringProtocol/splitASCII(_:omittingEmpty:)``), not
    /// on `Character`s: walking grapheme clusters cost 23,000 instructions for an UploadPart's
    /// `partNumber=2&uploadId=…` (callgrind, docs/benchmarks.md). The pieces are the same.
    public init(raw: String) {
        pairs = raw.splitASCII(UInt8(ascii: "&")).map { item in
            if let eq = item.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let n = String(item[..<eq]), v = String(item[item.utf8.index(after: eq)...])
                return (PercentEncoding.decode(n, plusAsSpace: true) ?? n, PercentEncoding.decode(v, plusAsSpace: true) ?? v)
            }
            let n = String(item)
            return (PercentEncoding.decode(n, plusAsSpace: true) ?? n, nil)
        }
    }

    /// Whether a parameter is present (with or without a value).
    public func has(_ name: String) -> Bool { pairs.contains { $0.name == name } }
    /// The first value of a parameter (`""` for a bare flag), or `nil` if absent.
    public subscript(_ name: String) -> String? {
        guard let p = pairs.first(where: { $0.name == name }) else { return nil }
        return p.value ?? ""
    }

    /// Compares names and values.
    public static func == (a: QueryParameters, b: QueryParameters) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
    /// Hashes names and values.
    public func hash(into h: inout Hasher) {
        for p in pairs { h.combine(p.name); h.combine(p.value) }
    }
}
