import HTTPTypes
import TesseraHTTP
import TesseraTestSupport

/// This target's golden files (`Golden/`).
let golden = Golden(besides: #filePath)

/// A bodiless request.
func request(_ method: HTTPRequest.Method, _ target: String, host: String, headers: [(String, String)] = []) -> WireRequest {
    wireRequest(method, target, host: host, headers: headers)
}
