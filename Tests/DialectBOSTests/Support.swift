import Foundation
import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP

final class FixedClock: WallClock {
    let t: Timestamp
    init(_ iso: String) { t = Timestamp(iso8601: iso)! }
    func now() -> Timestamp { t }
}

func request(_ method: HTTPRequest.Method, _ target: String, host: String, headers: [(String, String)] = []) -> WireRequest {
    var fields = HTTPFields()
    for (n, v) in headers { fields.append(HTTPField(name: HTTPField.Name(n)!, value: v)) }
    return WireRequest(method: method, target: target, authority: host, headers: fields, body: .empty, requestID: "REQ1",
                       receivedAt: Timestamp(microseconds: 0))
}

enum Golden {
    static var directory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden") }

    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TESSERA_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == (try String(contentsOf: url, encoding: .utf8)), "golden \(name) differs", sourceLocation: sourceLocation)
    }
}
