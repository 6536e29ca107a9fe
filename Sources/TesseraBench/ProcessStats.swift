import Foundation

/// CPU seconds spent by the servers under test and by their database.
struct CPUSeconds: Sendable {
    /// The servers' (every gateway's) user + system seconds.
    var server: Double
    /// The database's (server process and its children), 0 when not measured.
    var database: Double
    /// The benchmark client's own (this process): it shares the machine's cores with the servers.
    var client: Double

    static func - (a: CPUSeconds, b: CPUSeconds) -> CPUSeconds {
        CPUSeconds(server: a.server - b.server, database: a.database - b.database, client: a.client - b.client)
    }
}

/// CPU time and peak RSS of the processes under test (one server, or several gateways), and the
/// CPU time of their database (PostgreSQL's postmaster with every backend), from `/proc`.
struct ProcessStats: Sendable {
    let pids: [Int32]
    let databasePid: Int32?

    /// Both figures now.
    func sample() -> CPUSeconds {
        CPUSeconds(server: cpuSeconds(), database: databasePid.map(Self.treeSeconds) ?? 0,
                   client: Self.fields(getpid()).map { $0[11] + $0[12] } ?? 0)
    }

    /// The servers' user + system CPU seconds so far (0 without pids).
    func cpuSeconds() -> Double { pids.reduce(0) { $0 + (Self.fields($1).map { $0[11] + $0[12] } ?? 0) } }

    /// A process's CPU with its children's: its own and its reaped children's (`cutime`,
    /// `cstime`), and each live child's.
    static func treeSeconds(_ pid: Int32) -> Double {
        var total = fields(pid).map { $0[11] + $0[12] + $0[13] + $0[14] } ?? 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry), let f = fields(child), Int32(f[1]) == pid else { continue }
            total += f[11] + f[12]
        }
        return total
    }

    /// The numeric fields of `/proc/<pid>/stat` after the command name, in seconds where they are
    /// clock ticks (index 1 is the parent pid, 11–14 utime, stime, cutime, cstime).
    private static func fields(_ pid: Int32) -> [Double]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let raw = stat[stat.index(after: close)...].split(separator: " ")
        guard raw.count > 14 else { return nil }
        let tick = Double(sysconf(Int32(_SC_CLK_TCK)))
        return raw.enumerated().map { i, v in (11...14).contains(i) ? (Double(v) ?? 0) / tick : (Double(v) ?? 0) }
    }

    /// The largest peak resident set size among the servers, MiB (`VmHWM`), 0 without pids.
    func peakRSSMiB() -> Double {
        pids.map { pid -> Double in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
            }
            return 0
        }.max() ?? 0
    }
}
