import NIOCore

extension BenchRun {
    // MARK: health

    /// `GET /health`, unsigned, over `connections` keep-alive connections: what a request costs
    /// the server before any routing, authentication or store work. Against `tessera bench floor`
    /// it measures the HTTP stack alone (docs/benchmarks.md, "The fourteenth pass").
    func health(count: Int, connections: Int) async throws {
        resetPeak()
        let (wall, cpu) = try await parallel(count: count, connections: connections) { conn, _ in
            let r = try await conn.send(method: .GET, target: "/health", headers: [])
            guard r.status == 200, r.body == ByteBuffer(string: "ok\n") else {
                throw S3Target.Unexpected(description: "GET /health: HTTP \(r.status) \(String(buffer: r.body).prefix(100))")
            }
        }
        report("health", "rate (\(connections) conns)", Double(count) / wall, "requests/s")
        reportCPU("health", per: "request", cpu, Double(count), scale: 1e6, "µs")
    }
}
