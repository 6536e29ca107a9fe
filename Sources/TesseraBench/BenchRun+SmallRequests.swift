import NIOCore

extension BenchRun {
    // MARK: small-get

    /// GETs each of small-put's objects once over `connections` connections: the read path of a
    /// small request (a stored row read and its inline content), each answer's length checked.
    func smallGet(paths: [String], connections: Int, kib: Int) async throws {
        resetPeak()
        let (wall, cpu) = try await parallel(count: paths.count, connections: connections) { conn, i in
            let r = try await target.call(&conn, .GET, paths[i])
            guard r.body.readableBytes == kib * 1024 else {
                throw S3Target.Unexpected(description: "GET \(paths[i]): \(r.body.readableBytes) bytes, expected \(kib * 1024)")
            }
        }
        report("small-get", "\(kib) KiB GET rate (\(connections) conns)", Double(paths.count) / wall, "objects/s")
        reportCPU("small-get", per: "GET", cpu, Double(paths.count), scale: 1e6, "µs")
    }

    // MARK: small-head

    /// HEADs each of small-put's objects once over `connections` connections: a stored row read
    /// without its content, each answer's Content-Length checked.
    func smallHead(paths: [String], connections: Int, kib: Int) async throws {
        resetPeak()
        let length = String(kib * 1024)
        let (wall, cpu) = try await parallel(count: paths.count, connections: connections) { conn, i in
            let r = try await target.call(&conn, .HEAD, paths[i])
            guard r.headers.first(name: "Content-Length") == length else {
                throw S3Target.Unexpected(description: "HEAD \(paths[i]): Content-Length \(r.headers.first(name: "Content-Length") ?? "none"), expected \(length)")
            }
        }
        report("small-head", "HEAD rate (\(connections) conns)", Double(paths.count) / wall, "objects/s")
        reportCPU("small-head", per: "HEAD", cpu, Double(paths.count), scale: 1e6, "µs")
    }

    // MARK: small-overwrite

    /// PUTs each of small-put's objects again, with other bytes, over `connections` connections,
    /// then checks a sample reads back the new bytes. With objects larger than Tessera keeps
    /// inline (`--small-kib 64`) each PUT writes a blob file and frees the one it replaces: the
    /// churn of a store whose objects are rewritten. The window closes as small-delete's does,
    /// after the collector's work behind the last answer.
    func smallOverwrite(paths: [String], connections: Int, kib: Int) async throws {
        resetPeak()
        var bytes = [UInt8](repeating: 0, count: kib * 1024)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 13 &+ 5) }
        let body = ByteBuffer(bytes: bytes)
        let (wall, cpu) = try await parallelThenSettled(count: paths.count, connections: connections) { conn, i in
            _ = try await target.call(&conn, .PUT, paths[i], body: body)
        }
        for i in stride(from: 0, to: paths.count, by: max(1, paths.count / 16)) {
            let r: ByteBuffer = try await one { conn in try await target.call(&conn, .GET, paths[i]).body }
            guard r == body else { throw S3Target.Unexpected(description: "GET \(paths[i]) after its overwrite: not the new bytes") }
        }
        report("small-overwrite", "\(kib) KiB overwrite rate (\(connections) conns)", Double(paths.count) / wall, "objects/s")
        reportCPU("small-overwrite", per: "PUT", cpu, Double(paths.count), scale: 1e6, "µs")
    }

    // MARK: small-delete

    /// DELETEs each of small-put's objects over `connections` connections, then checks none is
    /// listed. With objects larger than Tessera keeps inline (`--small-kib 64`) each delete frees
    /// a blob file, so the server's garbage collection is in the measured CPU: the window closes
    /// only when the server has been idle for a moment after the last answer, so that a
    /// collector's work just behind it counts too.
    func smallDelete(bucket: String, paths: [String], connections: Int, kib: Int) async throws {
        resetPeak()
        let (wall, cpu) = try await parallelThenSettled(count: paths.count, connections: connections) { conn, i in
            _ = try await target.call(&conn, .DELETE, paths[i], expect: 204)
        }
        let left: Int = try await one { conn in
            let r = try await target.call(&conn, .GET, S3Target.path(bucket), query: "list-type=2&max-keys=10&prefix=small%2F")
            return S3Target.elements("Key", in: r.body).count
        }
        guard left == 0 else { throw S3Target.Unexpected(description: "\(left) small objects still listed after their DELETE") }
        report("small-delete", "\(kib) KiB DELETE rate (\(connections) conns)", Double(paths.count) / wall, "objects/s")
        reportCPU("small-delete", per: "DELETE", cpu, Double(paths.count), scale: 1e6, "µs")
    }

    /// ``parallel(count:connections:_:)``, its CPU window closed only once the server has
    /// ``settle()``d after the last answer (the wall time still ends at the last answer).
    func parallelThenSettled(count: Int, connections: Int,
                             _ op: @escaping @Sendable (inout BenchConnection, Int) async throws -> Void) async throws -> (wall: Double, cpu: CPUSeconds) {
        let cpu0 = stats.sample()
        let wall = try await parallel(count: count, connections: connections, op).wall
        try await settle()
        return (wall, stats.sample() - cpu0)
    }

    /// Waits (at most two seconds) until the server's CPU time stops growing over 100 ms.
    func settle() async throws {
        var last = stats.sample()
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(100))
            let now = stats.sample()
            if (now - last).server < 0.001 { return }
            last = now
        }
    }
}
