public import TesseraConnections
public import TesseraCore
/// How `tessera serve` runs.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var address: String = "127.0.0.1"
    /// Port to bind (0 picks a free port).
    public var port: Int = 9000
    /// Where metadata and blobs live.
    public var dataDirectory: String = "./tessera-data"
    /// PostgreSQL metadata (`postgres://…`) shared by several gateways; nil: SQLite in the data directory.
    public var metadataURL: String?
    /// Region reported to S3 clients.
    public var region: String = "us-east-1"
    /// PEM certificate chain and private key: serve HTTPS instead of HTTP.
    public var tls: (certificate: String, key: String)?
    /// S3 domains of virtual-hosted-style addressing: a Host `<bucket>.<domain>` names the bucket.
    public var s3Domains: [String] = ["localhost"]
    /// UFile domain suffixes: a Host `<bucket><suffix>` is a UFile request for that bucket.
    public var ufileDomains: [String] = [".ufile.local", ".cn-bj.ufileos.com"]
    /// Fixed part size announced to UFile clients (BlkSize).
    public var ufileBlockSize: Int64 = 4 * 1024 * 1024
    /// Location reported to BOS clients.
    public var bosRegion: String = "bj"
    /// Admin access key to create on first start instead of a generated one.
    public var adminAccessKey: String?
    /// Admin secret key to create on first start instead of a generated one.
    public var adminSecretKey: String?
    /// Largest allowed clock skew for signed requests, seconds.
    public var maxClockSkew: Int64 = 900
    /// How often the reaper runs lifecycle rules; `nil`: only on demand.
    public var reapInterval: Duration? = .seconds(3600)
    /// When set, `/metrics` answers only requests carrying `Authorization: Bearer <token>` (its
    /// per-bucket gauges name every user's buckets); unset, Prometheus' open convention.
    public var metricsToken: String?
    /// Writes that would leave less free space than this on the data directory's file system are
    /// refused (507 InsufficientStorage), so deletes keep working; 0 turns the reserve off.
    public var minimumFreeBytes: Int64 = 64 * 1024 * 1024
    /// Deadlines and connection limits for clients.
    public var connections = ConnectionLimits()
    /// Whether blob files are written through the page cache (the default writes whole chunks of
    /// large blobs past it, `O_DIRECT`: faster on disks that take it, but a read right after the
    /// upload comes from the disk).
    public var bufferedWrites = false
    /// Whether blob files are read through the page cache even where their bytes are not in it
    /// (by default a blob's uncached bytes are read past it, `O_DIRECT`, on its first read lately,
    /// and through it, filling it, on the next).
    public var bufferedReads = false
    /// Whether the web console is served at `/console/`.
    public var console = true
    /// Serve the console on this address and port only (not on the main listener); nil: on the
    /// main listener.
    public var consoleListener: (address: String, port: Int)?
    /// Where the access log goes (`-`: standard output); nil: no access log.
    public var accessLogPath: String?
    /// How access log lines are spelled.
    public var accessLogFormat: AccessLog.Format = .plain
    /// Proxies in front of the server whose `X-Forwarded-For` names the client (a bucket
    /// policy's `aws:SourceIp`; ``ForwardedClient``); empty: every connection is its own source.
    public var trustedProxies: [AddressRange] = []
    /// Test-only: seconds added to the storage clock (see ``OffsetClock``).
    public var clockOffsetSeconds: Int64 = 0

    /// The defaults.
    public init() {}
}
