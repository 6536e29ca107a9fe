import DialectBOS
import DialectS3
import DialectUFile
import Foundation
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import TesseraCore
import TesseraConnections
import TesseraHTTP

/// Builds and runs the server: storage, engine, dialects, GC, HTTP listener.
public enum TesseraApplication {
    /// Opens storage, bootstraps the admin credential (printed once), and serves until SIGINT/SIGTERM.
    /// `onRunning` receives the bound port.
    public static func run(_ config: ServerConfiguration, logger: Logger,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let storage = try await Storage.open(dataDirectory: config.dataDirectory, metadataURL: config.metadataURL, forServing: true,
                                         directWrites: !config.bufferedWrites, directReads: !config.bufferedReads)
        if storage.blobs.reclaimedAtOpen > 0 || storage.announcedAtOpen > 0 {
            logger.notice("reclaimed what an earlier run left", metadata: [
                "temporaryFiles": "\(storage.blobs.reclaimedAtOpen)", "temporaryBytes": "\(storage.blobs.reclaimedBytesAtOpen)",
                "unreferencedBlobs": "\(storage.announcedAtOpen)",
            ])
        }
        if let admin = try await Credentials.bootstrapAdmin(store: storage.metadata, accessKey: config.adminAccessKey, secretKey: config.adminSecretKey) {
            if config.adminAccessKey == nil {
                say("""
                    Created the admin credential (shown only this once):
                      access key: \(admin.accessKey)
                      secret key: \(admin.secretKey)
                    """)
            } else {
                say("Created the admin credential from TESSERA_ACCESS_KEY / TESSERA_SECRET_KEY.")
            }
        }
        let gc = GarbageCollectorService(logger: logger)
        var engineConfiguration = EngineConfiguration()
        engineConfiguration.ufileBlockSize = config.ufileBlockSize
        engineConfiguration.minimumFreeBytes = config.minimumFreeBytes
        let requestClock = SystemClock()
        let storageClock: any WallClock = config.clockOffsetSeconds == 0 ? requestClock : OffsetClock(offsetSeconds: config.clockOffsetSeconds)
        if config.clockOffsetSeconds != 0 { say("Storage clock offset by \(config.clockOffsetSeconds) s (testing only).") }
        let engine = Engine(metadata: storage.metadata, blobs: storage.blobs, clock: storageClock, configuration: engineConfiguration,
                            garbageQueued: gc.signal, capacity: storage.blobs)
        gc.attach(engine)
        let metrics = ServerMetrics()
        let reaper = ReaperService(engine: engine, interval: config.reapInterval, metrics: metrics, logger: logger)
        let accessLog = try config.accessLogPath.map { path throws(AccessLog.OpenError) in try AccessLog(path: path, format: config.accessLogFormat) }
        var mainConfig = config
        if config.consoleListener != nil { mainConfig.console = false }
        let responder = makeResponder(engine: engine, config: mainConfig, requestClock: requestClock, metrics: metrics,
                                      accessLog: accessLog, reap: { try await reaper.runPass() })
        var limits = config.connections
        if limits.maxConnections <= 0 { limits.maxConnections = DescriptorBudget.connections() }
        let registry = ConnectionRegistry(maxPerClient: limits.maxConnectionsPerClient, maxTotal: limits.maxConnections)
        let tls = try config.tls.map { try ServerTLS.context(certificate: $0.certificate, key: $0.key) }
        let scheme = tls == nil ? "http" : "https"
        var services: [any Service] = [gc, reaper]
        if config.console, let listener = config.consoleListener {
            var consoleResponder = makeResponder(engine: engine, config: config, requestClock: requestClock, metrics: metrics,
                                                 accessLog: accessLog, reap: { try await reaper.runPass() })
            consoleResponder.consoleOnly = true
            services.append(HTTPListener.service(
                connections: GuardedHTTP1Channel(handlers: ConnectionHandlers(
                    answer: consoleResponder.answerer(logger: logger), answersContinue: false, limits: limits,
                    registry: registry, reads: .standard), tls: tls),
                address: .hostname(listener.address, port: listener.port), logger: logger,
                onRunning: { channel in
                    say("Tessera console listening on \(scheme)://\(listener.address):\(channel.localAddress?.port ?? listener.port)/console/")
                }))
        }
        // Last, so that graceful shutdown (in reverse order) stops the listener first.
        services.append(HTTPListener.service(
            connections: GuardedHTTP1Channel(handlers: ConnectionHandlers(
                answer: responder.answerer(logger: logger), answersContinue: true, limits: limits,
                registry: registry, reads: .standard), tls: tls),
            address: .hostname(config.address, port: config.port), logger: logger,
            onRunning: { channel in
                let port = channel.localAddress?.port ?? config.port
                say("Tessera listening on \(scheme)://\(config.address):\(port) (data: \(config.dataDirectory))")
                await onRunning(port)
            }))
        try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
        await engine.releaseReservedBlobIDs()
        say("Tessera stopped: every acknowledged write is durable; unused blob ids withdrawn.")
    }
}

extension TesseraApplication {
    /// The one responder for every dialect, the admin API, `/health` and `/metrics`, over `engine`
    /// (the server's, or a test's over any stores).
    static func makeResponder(engine: Engine, config: ServerConfiguration, requestClock: any WallClock, metrics: ServerMetrics,
                              accessLog: AccessLog? = nil, reap: @escaping @Sendable () async throws -> ReapReport) -> TesseraResponder {
        let s3 = S3Dialect(engine: engine, region: config.region, maxClockSkew: config.maxClockSkew, requestClock: requestClock,
                           domains: config.s3Domains)
        return TesseraResponder(
            s3: s3,
            bos: BOSDialect(engine: engine, region: config.bosRegion, maxClockSkew: config.maxClockSkew, requestClock: requestClock),
            ufile: UFileDialect(engine: engine, domainSuffixes: config.ufileDomains, requestClock: requestClock),
            admin: AdminEndpoint(s3: s3, administration: LocalAdministration(engine: engine, reaper: reap)),
            console: config.console ? ConsoleEndpoint(engine: engine, metrics: metrics, pages: ConsolePages(), clock: requestClock,
                                                      secureCookies: config.tls != nil) : nil,
            metrics: metrics, engine: engine, clock: requestClock, pipeline: DialectPipeline(recordsTarget: accessLog != nil, clock: requestClock),
            telemetry: RequestTelemetry(metrics: metrics.requests, accessLog: accessLog, clock: requestClock),
            metricsToken: config.metricsToken, trustedProxies: config.trustedProxies)
    }
}

/// Writes a line to standard output at once (unbuffered, so scripts reading a pipe see it).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
