public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// A bodiless request as a router or verifier sees it.
public func wireRequest(_ method: HTTPRequest.Method, _ target: String, host: String, headers: [(String, String)] = [],
                        body: ByteStream = .empty) -> WireRequest {
    var fields = HTTPFields()
    for (n, v) in headers { fields.append(HTTPField(name: HTTPField.Name(n)!, value: v)) }
    return WireRequest(method: method, target: target, authority: host, headers: fields, body: body, requestID: "REQ1",
                       receivedAt: Timestamp(microseconds: 0))
}
