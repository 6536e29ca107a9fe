import DialectS3
import Foundation
import NIOPosix
import TesseraCore

/// `tessera bench s3`: the scenarios of docs/benchmarks.md against any S3 endpoint, over
/// keep-alive connections with real SigV4. Each scenario checks its result outside the timed
/// region; server CPU per operation and peak RSS come from `/proc/<serverPid>`.
public struct S3BenchPlan: Sendable {
    /// Every scenario, in the order they run.
    public static let allScenarios = ["initiate", "list-uploads", "multipart-put", "complete-scaling", "get", "small-put"]
    /// Scenarios run only when named: `health` (`GET /health`, unsigned; Tessera's and `tessera
    /// bench floor`'s, not a peer's), the cost of the HTTP stack alone; `small-get`, a GET of each
    /// of small-put's objects, `small-head`, a HEAD of each, `small-overwrite`, a PUT of each
    /// again with other bytes, and `small-delete`, a DELETE of each (small-put runs first when
    /// any is named; they run in that order); `small-part`, UploadPart
    /// of `--small-kib` parts into one upload a connection, and `list-parts`, ListParts of
    /// two-part uploads: the small requests of issue 18 beside its callgrind rows.
    public static let namedOnlyScenarios = ["health", "small-get", "small-head", "small-overwrite", "small-delete", "small-part", "list-parts"]

    /// Endpoint host.
    public var host: String
    /// Endpoint port.
    public var port: Int
    /// Access key.
    public var accessKey: String
    /// Secret key.
    public var secretKey: String
    /// The server's pid, for CPU per operation and peak RSS.
    public var serverPid: Int32?
    /// Further gateways of the same store (`host`, `port`) and their pids: connections go
    /// round-robin over all of them, CPU is summed.
    public var otherGateways: [(host: String, port: Int, pid: Int32?)] = []
    /// The database server's pid (PostgreSQL's postmaster): its CPU per operation, with its backends'.
    public var databasePid: Int32?
    /// Name of the target in the output.
    public var label = "target"
    /// Scenarios to run.
    public var scenarios = allScenarios
    /// Small sizes: the whole run in well under a minute.
    public var quick = false
    /// In-progress uploads for list-uploads (default 100000; quick 5000).
    public var uploads: Int?
    /// A bucket whose `uploads` in-progress uploads were loaded beforehand (`tessera bench reaper
    /// --dir`, the same keys): list-uploads reads it, and initiate is not run.
    public var listingBucket: String?
    /// Object size for multipart-put and get, MiB (default 1024; quick 64).
    public var objectMib: Int?
    /// Part size for multipart-put, MiB.
    public var partMib = 16
    /// Parts uploaded at once by multipart-put.
    public var partsInFlight = 4
    /// Connections for initiate, health and the small-request scenarios.
    public var connections = 16
    /// Object size for small-put, KiB (Tessera stores up to 16 KiB inline, larger as blob files).
    public var smallKib = 4
    /// Timed requests per listing measurement, after one warm-up.
    public var samples = 200
    /// Write one JSON object per figure to this file (appends).
    public var jsonOut: String?

    /// A plan against `host:port` with a credential; the rest as documented above.
    public init(host: String, port: Int, accessKey: String, secretKey: String) {
        self.host = host
        self.port = port
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    /// Runs the chosen scenarios and prints (and optionally writes) every figure.
    public func run() async throws {
        let (ak, sk) = (accessKey, secretKey)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var target = S3Target(host: host, port: port, signer: SigV4Signer(accessKey: ak, secretKey: sk))
        target.others = otherGateways.map { ($0.host, $0.port) }
        let pids = ([serverPid] + otherGateways.map(\.pid)).compactMap { $0 }
        let run = BenchRun(target: target, group: group, stats: ProcessStats(pids: pids, databasePid: databasePid), label: label, jsonOut: jsonOut)
        let chosen = scenarios
        let bucket = "bench-\(Identifiers.hex(Identifiers.randomBytes(4)))"
        if chosen.contains("health") {
            let (count, connections) = (quick ? 5_000 : 20_000, self.connections)
            await run.scenario("health") { try await run.health(count: count, connections: connections) }
            // Alone, it needs no bucket: it runs against `tessera bench floor`, which has none.
            if chosen.allSatisfy({ $0 == "health" }) { return try await group.shutdownGracefully() }
        }
        try await run.createBucket(bucket)
        let n = uploads ?? (quick ? 5_000 : 100_000)
        let objectSize = (objectMib ?? (quick ? 64 : 1024)) * 1024 * 1024
        let partSize = partMib * 1024 * 1024
        var object: BenchObject?
        let quick = self.quick, connections = self.connections, samples = self.samples
        if let listingBucket, chosen.contains("list-uploads") {
            let keys = (0..<n).map { BenchRun.uploadKey($0) }
            await run.scenario("list-uploads") { try await run.listUploads(bucket: listingBucket, keys: keys, samples: quick ? 10 : samples) }
        } else if chosen.contains("initiate") || chosen.contains("list-uploads") {
            await run.scenario("initiate") {
                let keys = try await run.initiate(bucket: bucket, count: n, connections: connections)
                if chosen.contains("list-uploads") {
                    await run.scenario("list-uploads") { try await run.listUploads(bucket: bucket, keys: keys, samples: quick ? 10 : samples) }
                }
            }
        }
        if chosen.contains("multipart-put") || chosen.contains("get") {
            await run.scenario("multipart-put") { object = try await run.multipartPut(bucket: bucket, size: objectSize, partSize: partSize, inFlight: partsInFlight) }
        }
        if chosen.contains("complete-scaling") {
            // 10 x 50 MiB right after 10 x 5 MiB, the pair that shows whether Complete is flat in
            // bytes: after the 1,000-part object's DELETE, the server's unlinking of 5 GB of parts
            // slowed the next Complete's flush (10 x 50 MiB 4.6-8.9 ms against 2.4-4.2 for 10 x 5
            // in three runs; 2.6-3.2 ms when it followed 100 x 5 MiB; docs/benchmarks.md, the
            // twenty-sixth pass).
            let sets = quick ? [(10, 5), (10, 50), (100, 5)] : [(10, 5), (10, 50), (100, 5), (1000, 5)]
            await run.scenario("complete-scaling") { try await run.completeScaling(bucket: bucket, sets: sets) }
        }
        if let object, chosen.contains("get") {
            await run.scenario("get") { try await run.get(bucket: bucket, object: object, concurrency: 4, rounds: quick ? 2 : 4) }
        }
        let (count, kib) = (quick ? 2_000 : 20_000, smallKib)
        if chosen.contains("small-put") || chosen.contains("small-get") || chosen.contains("small-head") || chosen.contains("small-overwrite")
            || chosen.contains("small-delete")
        {
            await run.scenario("small-put") {
                let paths = try await run.smallPut(bucket: bucket, count: count, connections: connections, kib: kib)
                if chosen.contains("small-get") {
                    await run.scenario("small-get") { try await run.smallGet(paths: paths, connections: connections, kib: kib) }
                }
                if chosen.contains("small-head") {
                    await run.scenario("small-head") { try await run.smallHead(paths: paths, connections: connections, kib: kib) }
                }
                if chosen.contains("small-overwrite") {
                    await run.scenario("small-overwrite") { try await run.smallOverwrite(paths: paths, connections: connections, kib: kib) }
                }
                if chosen.contains("small-delete") {
                    await run.scenario("small-delete") {
                        try await run.smallDelete(bucket: bucket, paths: paths, connections: connections, kib: kib)
                    }
                }
            }
        }
        if chosen.contains("small-part") {
            await run.scenario("small-part") { try await run.smallPart(bucket: bucket, count: count, connections: connections, kib: kib) }
        }
        if chosen.contains("list-parts") {
            await run.scenario("list-parts") { try await run.listParts(bucket: bucket, count: count, connections: connections) }
        }
        try await group.shutdownGracefully()
    }
}
