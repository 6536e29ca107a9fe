import HTTPTypes
import Testing
import TesseraTestSupport

/// `/metrics` names every user's buckets: open by default (Prometheus' convention), restricted to
/// `Authorization: Bearer <token>` when a token is configured (`TESSERA_METRICS_TOKEN`).
@Suite struct MetricsAccessTests {
    @Test func openByDefault() async throws {
        let server = try await TestServer(.memory)
        try await server.test { c in
            #expect(try await c.s3(.put, "/secret-bucket").status == .ok)
            let open = try await c.raw(.get, "/metrics", [:])
            #expect(open.status == .ok)
            #expect(open.text.contains("tessera_reaper_runs_total"))
        }
    }

    @Test func aTokenRestrictsIt() async throws {
        let server = try await TestServer(.memory, metricsToken: "s3cret-token")
        try await server.test { c in
            #expect(try await c.s3(.put, "/secret-bucket").status == .ok)
            _ = try await c.s3(.post, "/secret-bucket/k?uploads")
            let anonymous = try await c.raw(.get, "/metrics", [:])
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[HTTPField.Name("www-authenticate")!] == "Bearer")
            #expect(!anonymous.text.contains("secret-bucket"))
            let wrong = try await c.raw(.get, "/metrics", [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
            let right = try await c.raw(.get, "/metrics", [.authorization: "Bearer s3cret-token"])
            #expect(right.status == .ok)
            #expect(right.text.contains(#"tessera_uploads_in_progress{bucket="secret-bucket"} 1"#))
        }
    }
}
