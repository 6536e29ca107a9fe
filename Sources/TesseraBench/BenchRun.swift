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

    /// Resets the server's peak RSS counter (Linux `clear_refs` 5), so each scenario reports its own.
    func resetPeak() {
        guard let pid = stats.pid else { return }
        try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Runs `count` operations over `connections` keep-alive connections; returns wall and server CPU seconds.
    func parallel(count: Int, connections: Int, _ op: @escaping @Sendable (inout BenchConnection, Int) async throws -> Void) async throws -> (wall: Double, cpu: Double) {
        let next = NIOLockedValueBox(0)
        let cpu0 = stats.cpuSeconds()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<min(connections, max(count, 1)) {
                tasks.addTask {
                    try await BenchConnection.with(host: target.host, port: target.port, group: group) { conn in
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
        return (Self.seconds(ContinuousClock.now - start), stats.cpuSeconds() - cpu0)
    }

    func one<T: Sendable>(_ body: @escaping @Sendable (inout BenchConnection) async throws -> T) async throws -> T {
        try await BenchConnection.with(host: target.host, port: target.port, group: group, body)
    }

    func createBucket(_ bucket: String) async throws {
        try await one { conn in _ = try await target.call(&conn, .PUT, S3Target.path(bucket)) }
    }
}
