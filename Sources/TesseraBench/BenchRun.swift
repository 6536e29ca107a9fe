import Crypto
import DialectS3
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TesseraCore
import TesseraServer

/// An object the benchmark wrote: its parts' sizes and MD5s, to verify reads.
struct BenchObject: Sendable {
    var key: String
    var partSize: Int
    var partMD5s: [[UInt8]]
    var size: Int
}

/// One benchmark run against one target.
struct BenchRun: Sendable {
    let target: S3Target
    let group: any EventLoopGroup
    let stats: ProcessStats
    let label: String
    let jsonOut: String?

    func report(_ scenario: String, _ metric: String, _ value: Double, _ unit: String) {
        let shown = value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        print("\(label)  \(scenario)  \(metric): \(shown) \(unit)")
        guard let jsonOut else { return }
        let line = "{\"target\":\"\(label)\",\"scenario\":\"\(scenario)\",\"metric\":\"\(metric)\",\"value\":\(value),\"unit\":\"\(unit)\"}\n"
        if let h = FileHandle(forWritingAtPath: jsonOut) {
            h.seekToEndOfFile()
            h.write(Data(line.utf8))
            h.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: jsonOut, contents: Data(line.utf8))
        }
    }

    /// Records a failed correctness check (the figures next to it are then not comparable).
    func failed(_ scenario: String, _ what: String) {
        print("\(label)  \(scenario)  CHECK FAILED: \(what)")
        guard let jsonOut, let h = FileHandle(forWritingAtPath: jsonOut) ?? {
            _ = FileManager.default.createFile(atPath: jsonOut, contents: nil)
            return FileHandle(forWritingAtPath: jsonOut)
        }() else { return }
        let escaped = what.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        h.seekToEndOfFile()
        h.write(Data("{\"target\":\"\(label)\",\"scenario\":\"\(scenario)\",\"metric\":\"check\",\"value\":0,\"unit\":\"FAILED: \(escaped.prefix(200))\"}\n".utf8))
        h.closeFile()
    }

    /// Runs one scenario; a failure is recorded and the run goes on.
    func scenario(_ name: String, _ body: () async throws -> Void) async {
        do { try await body() } catch { failed(name, "\(error)") }
    }

    /// Resets the servers' peak RSS counters (Linux `clear_refs` 5), so each scenario reports its own.
    func resetPeak() {
        for pid in stats.pids { try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8) }
    }

    /// Reports CPU per operation: the servers' (summed over gateways), when measured the database's,
    /// and the benchmark client's own.
    func reportCPU(_ scenario: String, per operation: String, _ cpu: CPUSeconds, _ operations: Double, scale: Double, _ unit: String) {
        report(scenario, "server CPU per \(operation)", cpu.server / operations * scale, unit)
        if stats.databasePid != nil { report(scenario, "database CPU per \(operation)", cpu.database / operations * scale, unit) }
        report(scenario, "client CPU per \(operation)", cpu.client / operations * scale, unit)
    }

    /// Runs `count` operations over `connections` keep-alive connections (round-robin over the
    /// target's gateways); returns wall seconds and the CPU seconds servers and database spent.
    func parallel(count: Int, connections: Int, _ op: @escaping @Sendable (inout BenchConnection, Int) async throws -> Void) async throws -> (wall: Double, cpu: CPUSeconds) {
        let next = NIOLockedValueBox(0)
        let cpu0 = stats.sample()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for t in 0..<min(connections, max(count, 1)) {
                let endpoint = target.endpoint(t)
                tasks.addTask {
                    try await BenchConnection.with(host: endpoint.host, port: endpoint.port, group: group) { conn in
                        while true {
                            let i = next.withLockedValue { v -> Int in defer { v += 1 }; return v }
                            guard i < count else { return }
                            try await op(&conn, i)
                        }
                    }
                }
            }
            try await tasks.waitForAll()
        }
        return (Self.seconds(ContinuousClock.now - start), stats.sample() - cpu0)
    }

    func one<T: Sendable>(_ body: @escaping @Sendable (inout BenchConnection) async throws -> T) async throws -> T {
        try await BenchConnection.with(host: target.host, port: target.port, group: group, body)
    }

    func createBucket(_ bucket: String) async throws {
        try await one { conn in _ = try await target.call(&conn, .PUT, S3Target.path(bucket)) }
    }
}
