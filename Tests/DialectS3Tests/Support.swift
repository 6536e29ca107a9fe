import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import Testing
import TesseraCore
import TesseraHTTP

final class FixedClock: WallClock {
    let t: Timestamp
    init(_ compact: String) { t = Timestamp(compactISO8601: compact)! }
    func now() -> Timestamp { t }
}

func request(_ method: HTTPRequest.Method, _ target: String, host: String, headers: [(String, String)] = []) -> WireRequest {
    var fields = HTTPFields()
    for (n, v) in headers { fields.append(HTTPField(name: HTTPField.Name(n)!, value: v)) }
    return WireRequest(method: method, target: target, authority: host, headers: fields, body: .empty, requestID: "REQ1",
                       receivedAt: Timestamp(microseconds: 0))
}

/// Golden files: `Golden/<name>`; run with TESSERA_UPDATE_GOLDEN=1 to rewrite them.
enum Golden {
    static var directory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden") }

    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TESSERA_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs", sourceLocation: sourceLocation)
    }
}
