import ArgumentParser
import DialectS3
import Foundation
import TesseraCore
import TesseraServer

/// `tessera uploads`: see, abort and reap in-progress multipart uploads.
struct Uploads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "See and clean up in-progress multipart uploads (on a running server with --endpoint, or on a data directory).",
        subcommands: [List.self, Abort.self, Reap.self])

    /// Where the commands act: a running server (`--endpoint`, admin credential) or a data directory.
    struct Target: ParsableArguments {
        @Option(help: "A running server's URL, e.g. http://127.0.0.1:9000 (credential: TESSERA_ACCESS_KEY / TESSERA_SECRET_KEY).")
        var endpoint: String?
        @Option(help: "Data directory of a stopped server (used when --endpoint is not given).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption
        @Option(help: "Admin access key (default: $TESSERA_ACCESS_KEY).") var accessKey: String?
        @Option(help: "Admin secret key (default: $TESSERA_SECRET_KEY).") var secretKey: String?

        /// The administration to use, and for a data directory the engine (to reclaim blobs after).
        func open() async throws -> (any UploadAdministration, Engine?) {
            guard let endpoint else {
                let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
                let engine = Engine(metadata: storage.metadata, blobs: storage.blobs)
                return (LocalAdministration(engine: engine), engine)
            }
            let env = ProcessInfo.processInfo.environment
            guard let url = URL(string: endpoint), let ak = accessKey ?? env["TESSERA_ACCESS_KEY"], let sk = secretKey ?? env["TESSERA_SECRET_KEY"] else {
                throw ValidationError("--endpoint needs a URL and an admin credential (--access-key/--secret-key or TESSERA_ACCESS_KEY/TESSERA_SECRET_KEY).")
            }
            return (RemoteAdministration(endpoint: url, signer: SigV4Signer(accessKey: ak, secretKey: sk)), nil)
        }
    }

    /// Which uploads: bucket, prefix, age.
    struct Selection: ParsableArguments {
        @Argument(help: "Only this bucket (default: all).") var bucket: String?
        @Option(help: "Only keys starting with this.") var prefix = ""
        @Option(help: "Only uploads initiated at least this long ago: 7d, 12h, 30m, 45s.") var olderThan = "0s"

        func each(_ admin: any UploadAdministration, _ body: (AdminUpload) throws -> Void) async throws {
            let seconds = try DurationText.seconds(olderThan)
            var after: String?
            repeat {
                let page = try await admin.list(bucket: bucket, prefix: prefix, olderThanSeconds: seconds, after: after, limit: 1000)
                for u in page.uploads { try body(u) }
                after = page.next
            } while after != nil
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List in-progress uploads, oldest first within each bucket.")
        @OptionGroup var selection: Selection
        @OptionGroup var target: Target
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() async throws {
            let (admin, _) = try await target.open()
            var rows: [[String]] = []
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try await selection.each(admin) { u in
                if json {
                    print(String(decoding: try encoder.encode(u), as: UTF8.self))
                } else {
                    rows.append([u.bucket, u.key, u.uploadId, u.dialect, u.initiated, u.lastActivity, String(u.parts), ByteCount.text(u.bytes)])
                }
            }
            if !json {
                Table.print(header: ["BUCKET", "KEY", "UPLOAD ID", "DIALECT", "INITIATED", "LAST ACTIVITY", "PARTS", "BYTES"], rows: rows)
            }
        }
    }

    struct Abort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Abort the selected uploads and reclaim their parts.")
        @OptionGroup var selection: Selection
        @OptionGroup var target: Target
        @Flag(help: "Only say what would be aborted.") var dryRun = false

        func run() async throws {
            let (admin, engine) = try await target.open()
            var refs: [AdminUploadRef] = []
            var bytes: Int64 = 0, parts = 0
            try await selection.each(admin) { u in
                refs.append(AdminUploadRef(bucket: u.bucket, uploadId: u.uploadId))
                bytes += u.bytes
                parts += u.parts
            }
            if dryRun {
                print("Would abort \(Counted.text(refs.count, "upload")) holding \(Counted.text(parts, "part")), \(ByteCount.text(bytes)).")
                return
            }
            var progress = ProgressBar(total: refs.count)
            var aborted = 0, gone = 0, reclaimedParts = 0
            var reclaimed: Int64 = 0
            for start in stride(from: 0, to: refs.count, by: 100) {
                for r in try await admin.abort(Array(refs[start..<min(start + 100, refs.count)])) {
                    if r.aborted { aborted += 1; reclaimed += r.bytes; reclaimedParts += r.parts } else { gone += 1 }
                }
                progress.update(done: min(start + 100, refs.count), detail: ByteCount.text(reclaimed))
            }
            progress.finish()
            try await engine?.drainGarbage()
            print("Aborted \(Counted.text(aborted, "upload")); reclaimed \(Counted.text(reclaimedParts, "part")), \(ByteCount.text(reclaimed)).")
            if gone > 0 { print("\(gone) were already gone (completed or aborted meanwhile).") }
        }
    }

    struct Reap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the lifecycle reaper once now.")
        @OptionGroup var target: Target

        func run() async throws {
            let (admin, engine) = try await target.open()
            let r = try await admin.reap()
            try await engine?.drainGarbage()
            print("Reaper: \(Counted.text(r.bucketsWithRules, "bucket")) with rules, \(r.visited) index \(r.visited == 1 ? "entry" : "entries") read, "
                  + "aborted \(Counted.text(r.abortedUploads, "upload")) (\(Counted.text(r.abortedParts, "part")), \(ByteCount.text(r.reclaimedBytes))); "
                  + "\(Counted.text(r.objectsRead, "object")) read, expired \(Counted.text(r.expiredObjects, "object")) (\(ByteCount.text(r.expiredBytes))).")
        }
    }
}
