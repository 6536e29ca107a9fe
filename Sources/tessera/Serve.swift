import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraServer

/// `tessera serve`: run the server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (SQLite metadata and blob files under the data directory, or one of several gateways on PostgreSQL with --metadata).")

    @Option(help: "Address to listen on.") var address = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 9000
    @Option(help: "Directory for metadata and blobs.") var dataDir = "./tessera-data"
    @OptionGroup var metadata: MetadataOption
    @Option(help: "Region reported to S3 clients.") var region = "us-east-1"
    @Option(help: "PEM certificate chain (leaf first): serve HTTPS. Needs --tls-key.") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(name: .customLong("s3-domain"), help: "S3 domain for virtual-hosted-style requests (repeatable); Host <bucket>.<domain> names the bucket. Default: localhost")
    var s3Domains: [String] = []
    @Option(name: .customLong("ufile-domain"), help: "UFile domain suffix (repeatable); Host <bucket><suffix> is UFile. Default: .ufile.local, .cn-bj.ufileos.com")
    var ufileDomains: [String] = []
    @Option(help: "Part size announced to UFile clients (BlkSize), bytes.") var ufileBlockSize: Int64 = 4 * 1024 * 1024
    @Option(help: "Write the bound port to this file once listening (for scripts and tests).") var portFile: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Refuse writes (507 InsufficientStorage) that would leave less free space than this on the data directory's file system, so deletes keep working: 64M, 1G, 0 = no reserve.")
    var minFreeSpace = "64M"
    @Option(help: "Time from a request's first byte to the end of its headers (408 and closed after): 30s, 1m.")
    var headerTimeout = "30s"
    @Option(help: "Least body bytes per second while the server waits for them, judged over --body-rate-window (closed below; 0 = off): 1K, 0.")
    var bodyMinRate = "1K"
    @Option(help: "Waiting time over which the body rate is judged: 20s.") var bodyRateWindow = "20s"
    @Option(help: "A keep-alive connection with no request for this long is closed: 300s, 5m.") var idleTimeout = "300s"
    @Option(help: "Connections one client address may hold (0 = no limit).") var maxConnectionsPerClient = 256
    @Option(help: "Connections in all (0 = the open-file limit less a reserve of 256); the longest-idle is closed to admit a new one.")
    var maxConnections = 0
    @Option(help: "Event-loop threads serving connections (default: half the cores, at least one).") var eventLoops: Int?
    @Option(help: "How often the reaper enforces lifecycle rules (e.g. 1h, 15m; 0 = only on demand).") var reapInterval = "1h"
    @Flag(help: "Write blob files through the page cache (default: large blobs past it, O_DIRECT; a read right after an upload then comes from the disk).")
    var bufferedWrites = false
    @Flag(help: "Read blob files through the page cache (default: a blob's uncached bytes are read past it, O_DIRECT, on its first read lately, and through it on the next).")
    var bufferedReads = false
    @Flag(help: "Do not serve the web console at /console/.") var noConsole = false
    @Option(help: "Serve the web console on this HOST:PORT only, not on the main listener (e.g. 127.0.0.1:9001).") var consoleListen: String?
    @Option(help: "Write an access log, one line per request, to this file (appended; - for standard output).") var accessLog: String?
    @Option(help: "Access log format: plain or json.") var accessLogFormat = "plain"
    @Option(name: .customLong("trusted-proxy"), help: "A proxy in front (an address or CIDR range, repeatable) whose X-Forwarded-For names the client: what a bucket policy's aws:SourceIp sees.")
    var trustedProxies: [String] = []
    @Option(help: ArgumentHelp("Testing only: move the storage clock by this many seconds (signatures still use real time).", visibility: .hidden))
    var clockOffset: Int64 = 0

    func run() async throws {
        if let eventLoops, eventLoops < 1 { throw ValidationError("--event-loops is at least 1.") }
        EventLoops.apply(eventLoops)
        MemoryTuning.apply()
        var config = ServerConfiguration()
        config.address = address
        config.port = port
        config.dataDirectory = dataDir
        config.metadataURL = metadata.url
        config.region = region
        if !ufileDomains.isEmpty { config.ufileDomains = ufileDomains }
        if !s3Domains.isEmpty { config.s3Domains = s3Domains }
        switch (tlsCert, tlsKey) {
        case (let cert?, let key?): config.tls = (cert, key)
        case (nil, nil): break
        default: throw ValidationError("--tls-cert and --tls-key go together.")
        }
        config.ufileBlockSize = ufileBlockSize
        let reapSeconds = try DurationText.seconds(reapInterval)
        config.reapInterval = reapSeconds == 0 ? nil : .seconds(reapSeconds)
        config.clockOffsetSeconds = clockOffset
        config.accessLogPath = accessLog
        config.console = !noConsole
        config.bufferedWrites = bufferedWrites
        config.bufferedReads = bufferedReads
        if let consoleListen {
            guard let colon = consoleListen.lastIndex(of: ":"), let port = Int(consoleListen[consoleListen.index(after: colon)...]),
                  (0...65535).contains(port), colon > consoleListen.startIndex else {
                throw ValidationError("--console-listen is HOST:PORT, e.g. 127.0.0.1:9001.")
            }
            config.consoleListener = (String(consoleListen[..<colon]), port)
        }
        guard let format = AccessLog.Format(rawValue: accessLogFormat) else {
            throw ValidationError("--access-log-format is plain or json.")
        }
        config.accessLogFormat = format
        config.trustedProxies = try trustedProxies.map { text in
            guard let range = AddressRange(text) else { throw ValidationError("--trusted-proxy \(text) is not an address or a CIDR range.") }
            return range
        }
        config.minimumFreeBytes = try SizeText.bytes(minFreeSpace)
        config.connections.headerTimeout = .seconds(try DurationText.seconds(headerTimeout))
        config.connections.bodyMinimumRate = Int(try SizeText.bytes(bodyMinRate))
        config.connections.bodyRateWindow = .seconds(try DurationText.seconds(bodyRateWindow))
        let idleSeconds = try DurationText.seconds(idleTimeout)
        guard idleSeconds > 0 else { throw ValidationError("--idle-timeout must be at least 1s (it closes connections idle that long).") }
        config.connections.idleTimeout = .seconds(idleSeconds)
        config.connections.maxConnectionsPerClient = maxConnectionsPerClient
        config.connections.maxConnections = maxConnections
        let env = ProcessInfo.processInfo.environment
        config.metricsToken = env["TESSERA_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.adminAccessKey = env["TESSERA_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        config.adminSecretKey = env["TESSERA_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        guard (config.adminAccessKey == nil) == (config.adminSecretKey == nil) else {
            throw ValidationError("Set both TESSERA_ACCESS_KEY and TESSERA_SECRET_KEY, or neither.")
        }
        var logger = Logger(label: "tessera")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let portFile = self.portFile
        try await TesseraApplication.run(config, logger: logger) { port in
            if let portFile { try? String(port).write(toFile: portFile, atomically: true, encoding: .utf8) }
        }
    }
}
