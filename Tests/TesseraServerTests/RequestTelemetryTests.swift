import Foundation
import HTTPTypes
import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraServer

/// Every answered request is counted in `/metrics` (per dialect and operation: requests, latency,
/// bytes both ways; errors per code) and, when asked, written to the access log.
@Suite struct RequestTelemetryTests {
    @Test func metricsCountRequestsBytesAndErrorsPerDialectAndOperation() async throws {
        let server = try await TestServer(.memory)
        try await server.test { c in
            #expect(try await c.s3(.put, "/tele").status == .ok)
            #expect(try await c.s3(.put, "/tele/a", body: "hello world").status == .ok)
            #expect(try await c.s3(.put, "/tele/b", body: "hello world").status == .ok)
            #expect(try await c.s3(.get, "/tele/a").text == "hello world")
            #expect(try await c.s3(.get, "/tele/missing").status == .notFound)
            #expect(try await c.bos(.get, "/tele/a").status == .ok)
            let text = try await c.raw(.get, "/metrics", [:]).text
            #expect(text.contains(#"tessera_requests_total{dialect="S3",operation="PutObject"} 2"#))
            #expect(text.contains(#"tessera_requests_total{dialect="S3",operation="GetObject"} 2"#))
            #expect(text.contains(#"tessera_requests_total{dialect="BOS",operation="GetObject"} 1"#))
            #expect(text.contains(#"tessera_received_bytes_total{dialect="S3",operation="PutObject"} 22"#))
            #expect(text.contains(#"tessera_sent_bytes_total{dialect="BOS",operation="GetObject"} 11"#))
            #expect(text.contains(#"tessera_request_errors_total{dialect="S3",code="NoSuchKey",status="404"} 1"#))
            #expect(text.contains(#"tessera_request_duration_seconds_count{dialect="S3",operation="PutObject"} 2"#))
            #expect(text.contains(#"tessera_request_duration_seconds_bucket{dialect="S3",operation="CreateBucket",le="+Inf"} 1"#))
            #expect(text.contains(#"tessera_bucket_objects{bucket="tele"} 2"#))
            #expect(text.contains(#"tessera_bucket_bytes{bucket="tele"} 22"#))
            #expect(try await c.s3(.delete, "/tele/a").status == .noContent)
            #expect(try await c.s3(.delete, "/tele/b").status == .noContent)
            #expect(try await c.s3(.delete, "/tele").status == .noContent)
            let after = try await c.raw(.get, "/metrics", [:]).text
            #expect(!after.contains(#"bucket="tele""#))
        }
    }

    @Test(arguments: AccessLog.Format.allCases)
    func accessLogWritesOneLinePerRequest(format: AccessLog.Format) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("access-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log: AccessLog = try AccessLog(path: path, format: format)
        let server = try await TestServer(.memory, accessLog: log)
        try await server.test { (c: TestServer.Client) async throws in
            #expect(try await c.s3(.put, "/logged").status == .ok)
            #expect(try await c.s3(.put, "/logged/dir/a%20%22b%22", body: "12345").status == .ok)
            #expect(try await c.s3(.get, "/logged/nope").status == .notFound)
            #expect(try await c.ufile(.get, bucket: "logged", key: "dir/a \"b\"").text == "12345")
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        guard lines.count == 4 else { return }
        switch format {
        case .json:
            let rows = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            #expect(rows[1]["operation"] as? String == "PutObject")
            #expect(rows[1]["bucket"] as? String == "logged")
            #expect(rows[1]["key"] as? String == "dir/a \"b\"")
            #expect(rows[1]["status"] as? Int == 200)
            #expect(rows[1]["bytes_in"] as? Int == 5)
            #expect((rows[1]["request_id"] as? String)?.isEmpty == false)
            #expect(rows[1]["duration_ms"] is Double || rows[1]["duration_ms"] is Int)
            #expect(rows[2]["error"] as? String == "NoSuchKey")
            #expect(rows[2]["status"] as? Int == 404)
            #expect(rows[3]["dialect"] as? String == "UFile")
            #expect(rows[3]["bytes_out"] as? Int == 5)
            #expect(!lines[1].contains("\\/"))
        case .plain:
            #expect(lines[0].contains(#" S3 CreateBucket "logged" - 200 - 0 0 "#))
            #expect(lines[1].contains(#" S3 PutObject "logged" "dir/a \"b\"" 200 - 5 0 "#))
            #expect(lines[2].contains(#" S3 GetObject "logged" "nope" 404 NoSuchKey 0 "#))
            #expect(lines[3].contains(#" UFile GetFile "logged" "dir/a \"b\"" 200 - 0 5 "#))
            #expect(lines.allSatisfy { $0.hasSuffix("ms") && $0.hasPrefix("2026-") })
        }
    }

    /// The sample dashboard (docs/grafana) charts only series the server exposes.
    @Test func theGrafanaDashboardQueriesOnlyExposedSeries() async throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/grafana/tessera-dashboard.json")
        let dashboard = try String(contentsOf: docs, encoding: .utf8)
        let names = Set(dashboard.matches(of: /tessera_[a-z_]+/).map { String($0.output) })
        #expect(names.count >= 14)
        let server = try await TestServer(.memory)
        try await server.test { c in
            #expect(try await c.s3(.put, "/dash").status == .ok)
            #expect(try await c.s3(.put, "/dash/a", body: "x").status == .ok)
            #expect(try await c.s3(.post, "/dash/b?uploads").status == .ok)
            #expect(try await c.s3(.get, "/dash/missing").status == .notFound)
            let exposed = Set(try await c.raw(.get, "/metrics", [:]).text.split(separator: "\n")
                .filter { !$0.hasPrefix("#") }.compactMap { $0.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init) })
            for name in names.sorted() { #expect(exposed.contains(name), "the dashboard queries \(name), which /metrics does not expose") }
        }
    }

    @Test func anAccessLogThatCannotBeOpenedIsAnError() {
        #expect(throws: AccessLog.OpenError.self) { try AccessLog(path: "/nonexistent-dir/x/access.log", format: .plain) }
    }
}
