import Foundation
import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP

func request(_ method: HTTPRequest.Method, _ target: String, host: String, headers: [(String, String)] = []) -> WireRequest {
    var fields = HTTPFields()
    for (n, v) in headers { fields.append(HTTPField(name: HTTPField.Name(n)!, value: v)) }
    return WireRequest(method: method, target: target, authority: host, headers: fields, body: .empty, requestID: "REQ1",
                       receivedAt: Timestamp(microseconds: 0))
}

struct FixedClock: WallClock {
    let seconds: Int64
    func now() -> Timestamp { Timestamp(microseconds: seconds * 1_000_000) }
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
