import ArgumentParser
import Foundation
import TesseraBench

/// `tessera bench`: the benchmark clients of `TesseraBench` (see docs/benchmarks.md).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (see docs/benchmarks.md).", subcommands: [S3.self, Reaper.self, Expiry.self, Floor.self])

    /// `tessera bench s3`.
    struct S3: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "s3", abstract: "S3 scenarios against any endpoint (Tessera or a peer).")

        @Option(help: "Endpoint, e.g. http://127.0.0.1:9000; repeat it for gateways of one store (connections go round-robin).")
        var endpoint: [String] = []
        @Option(help: "Access key (default: $TESSERA_ACCESS_KEY).") var accessKey: String?
        @Option(help: "Secret key (default: $TESSERA_SECRET_KEY).") var secretKey: String?
        @Option(help: "The server's pid, for CPU per operation and peak RSS; one per --endpoint, in order.") var serverPid: [Int32] = []
        @Option(help: "The database server's pid (PostgreSQL's postmaster): its CPU per operation, backends included.") var databasePid: Int32?
        @Option(help: "Name of the target in the output.") var label = "target"
        @Option(help: "Comma-separated scenarios. These run only when named: \(S3BenchPlan.namedOnlyScenarios.joined(separator: ", ")).") var scenarios = S3BenchPlan.allScenarios.joined(separator: ",")
        @Flag(help: "Small sizes: the whole run in well under a minute.") var quick = false
        @Option(help: "In-progress uploads for list-uploads (default 100000; quick 5000).") var uploads: Int?
        @Option(help: "List the uploads of this bucket, loaded beforehand with the same keys (tessera bench reaper --dir --owner-access-key); skips initiate.")
        var listingBucket: String?
        @Option(help: "Object size for multipart-put and get, MiB (default 1024; quick 64).") var objectMib: Int?
        @Option(help: "Part size for multipart-put, MiB.") var partMib = 16
        @Option(help: "Parts uploaded at once by multipart-put.") var partsInFlight = 4
        @Option(help: "Connections for initiate, health and the small-request scenarios.") var connections = 16
        @Option(help: "Object size for small-put, KiB (up to 16 is stored inline; larger as blob files).") var smallKib = 4
        @Option(help: "Timed requests per listing measurement, after one warm-up (fewer if they take over 10 s).") var samples = 200
        @Option(help: "Write one JSON object per figure to this file (appends).") var jsonOut: String?

        func run() async throws {
            MemoryTuning.apply()
            let env = ProcessInfo.processInfo.environment
            let endpoints = endpoint.compactMap { URL(string: $0) }.compactMap { url in url.host.flatMap { h in url.port.map { (h, $0) } } }
            guard !endpoints.isEmpty, endpoints.count == endpoint.count,
                  let ak = accessKey ?? env["TESSERA_ACCESS_KEY"], let sk = secretKey ?? env["TESSERA_SECRET_KEY"] else {
                throw ValidationError("--endpoint http://host:port and a credential are required.")
            }
            guard serverPid.isEmpty || serverPid.count == endpoints.count else { throw ValidationError("give one --server-pid per --endpoint.") }
            var plan = S3BenchPlan(host: endpoints[0].0, port: endpoints[0].1, accessKey: ak, secretKey: sk)
            plan.otherGateways = endpoints.dropFirst().enumerated().map { i, e in (e.0, e.1, serverPid.count > i + 1 ? serverPid[i + 1] : nil) }
            plan.databasePid = databasePid
            plan.scenarios = scenarios.split(separator: ",").map(String.init)
            for s in plan.scenarios where !(S3BenchPlan.allScenarios + S3BenchPlan.namedOnlyScenarios).contains(s) { throw ValidationError("unknown scenario \(s)") }
            (plan.serverPid, plan.label, plan.quick, plan.uploads, plan.objectMib) = (serverPid.first, label, quick, uploads, objectMib)
            (plan.partMib, plan.connections, plan.samples, plan.jsonOut, plan.smallKib) = (partMib, connections, samples, jsonOut, smallKib)
            plan.listingBucket = listingBucket
            plan.partsInFlight = max(1, partsInFlight)
            try await plan.run()
        }
    }

    /// `tessera bench floor`.
    struct Floor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A bare SwiftNIO HTTP/1.1 server answering every request with 200 ok: the floor under Tessera's requests (drive it with bench s3 --scenarios health).")
        @Option(help: "Port on 127.0.0.1 (0: any free port).") var port = 0
        @Option(help: "Write the bound port to this file.") var portFile: String?
        @Flag(help: "Answer each request from a Swift task (two thread hops, as an async handler makes).") var taskHop = false
        @Flag(help: "Answer from one task per connection through NIOAsyncChannel, as Hummingbird does.") var asyncChannel = false
        @Flag(help: "As --task-hop, the task first starting an upload through the engine on SQLite (an initiate's durable write, without its signature, routing or XML).")
        var engineWrite = false
        @Option(help: "Stop after this many seconds.") var seconds = 600

        func run() async throws {
            guard [taskHop, asyncChannel, engineWrite].filter({ $0 }).count <= 1 else {
                throw ValidationError("--task-hop, --async-channel and --engine-write are three different modes.")
            }
            let mode: HTTPFloorServer.Mode = taskHop ? .taskHop : asyncChannel ? .asyncChannel : engineWrite ? .engineWrite : .eventLoop
            try await HTTPFloorServer(mode: mode, lifetime: .seconds(seconds)).run(port: port, portFile: portFile)
        }
    }

    /// `tessera bench reaper`.
    struct Reaper: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reaper pass over N uploads, a fraction expired (SQLite in a temporary directory).")
        @Option(help: "In-progress uploads.") var uploads = 1_000_000
        @Option(help: "Fraction that has expired.") var expired = 0.01
        @Option(help: "Directory for the throw-away database (default: a new temporary directory).") var dir: String?
        @Option(help: "Access key of a user added as the bucket's owner (with --owner-secret-key), so a server on --dir serves it.")
        var ownerAccessKey: String?
        @Option(help: "Secret key of that user.") var ownerSecretKey: String?
        @Option(help: "Count from the last part, with this fraction of the uploads not due initiated among the due ones and active since.")
        var activeSince: Double?

        func run() async throws {
            guard (ownerAccessKey == nil) == (ownerSecretKey == nil) else {
                throw ValidationError("--owner-access-key and --owner-secret-key go together.")
            }
            if let activeSince, !(0...1).contains(activeSince) { throw ValidationError("--active-since is a fraction, from 0 to 1.") }
            let keys = ownerAccessKey.flatMap { a in ownerSecretKey.map { (access: a, secret: $0) } }
            try await ReaperBench(uploads: uploads, expired: expired, directory: dir, ownerKeys: keys, activeSince: activeSince).run()
        }
    }

    /// `tessera bench expiry`.
    struct Expiry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Expiration pass over N objects, a fraction expired (SQLite in a temporary directory).")
        @Option(help: "Objects.") var objects = 200_000
        @Option(help: "Fraction that has expired.") var expired = 0.05

        func run() async throws {
            try await ExpiryBench(objects: objects, expired: expired).run()
        }
    }
}
