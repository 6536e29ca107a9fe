import ArgumentParser
import DialectS3
import Foundation
import TesseraCore
import TesseraServer

/// `tessera lifecycle`: a bucket's AbortIncompleteMultipartUpload rules on a data directory,
/// including the `DaysAfterLastPart` extension that aws-cli will not send.
struct Lifecycle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show, set or remove a bucket's rules for abandoned uploads.",
                                                    subcommands: [Get.self, Set.self, Remove.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the bucket's rules (a line each, or S3's XML).")
        @Argument(help: "The bucket.") var bucket: String
        @Flag(help: "Print S3's LifecycleConfiguration document.") var xml = false
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            let name = try BucketName(bucket)
            guard let b = try await storage.metadata.bucket(name) else { throw StorageError.noSuchBucket(bucket) }
            guard let rules = b.lifecycle else {
                print("\(bucket): no rules (uploads live until completed or aborted)")
                return
            }
            if xml { print(LifecycleDocuments.render(rules)); return }
            for r in rules.rules {
                var actions: [String] = []
                if let a = r.abortIncompleteUpload {
                    let days = a.days == 1 ? "1 day" : "\(a.days) days"
                    actions.append(a.basis == .initiation ? "abort \(days) after initiation" : "abort \(days) after the last part")
                }
                switch r.expiration {
                case .days(let n)?: actions.append("expire objects \(n == 1 ? "1 day" : "\(n) days") after they are written")
                case .date(let d)?: actions.append("expire objects on \(d.httpDate)")
                case .expiredObjectDeleteMarker?: actions.append("expire delete markers (none: no versions are kept)")
                case nil: break
                }
                if r.filtersBeyondPrefix { actions.append("(objects also filtered by tags or size)") }
                let action = actions.isEmpty ? "no action" : actions.joined(separator: "; ")
                print("\(r.id)\t\(r.enabled ? "enabled" : "disabled")\tprefix \"\(r.prefix)\"\t\(action)")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the bucket's rules: one rule from flags, or S3's XML from --file.",
            discussion: "tessera lifecycle set logs --days-after-last-part 3 --prefix tmp/\ntessera lifecycle set logs --file rules.xml")
        @Argument(help: "The bucket.") var bucket: String
        @Option(help: "S3 LifecycleConfiguration document (AbortIncompleteMultipartUpload and Expiration rules).") var file: String?
        @Option(help: "Rule id.") var id = "abort-incomplete-uploads"
        @Option(help: "Key prefix the rule covers.") var prefix = ""
        @Option(help: "Abort uploads this many days after they were initiated.") var daysAfterInitiation: Int?
        @Option(help: "Abort uploads this many days after their last part (Tessera's extension).") var daysAfterLastPart: Int?
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let configuration: LifecycleConfiguration
            if let file {
                guard daysAfterInitiation == nil, daysAfterLastPart == nil else { throw ValidationError("--file replaces the rule flags.") }
                configuration = try LifecycleDocuments.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            } else {
                let abort: AbortIncompleteUpload
                switch (daysAfterInitiation, daysAfterLastPart) {
                case (let d?, nil): abort = AbortIncompleteUpload(days: d, basis: .initiation)
                case (nil, let d?): abort = AbortIncompleteUpload(days: d, basis: .lastActivity)
                default: throw ValidationError("Give exactly one of --days-after-initiation and --days-after-last-part (or --file).")
                }
                configuration = try LifecycleConfiguration(rules: [LifecycleRule(id: id, enabled: true, prefix: prefix, abortIncompleteUpload: abort)])
            }
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            try await storage.metadata.setLifecycle(configuration, bucket: try BucketName(bucket))
            print("\(bucket): \(configuration.rules.count == 1 ? "1 rule" : "\(configuration.rules.count) rules") set")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove the bucket's rules.")
        @Argument(help: "The bucket.") var bucket: String
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            try await storage.metadata.setLifecycle(nil, bucket: try BucketName(bucket))
            print("\(bucket): rules removed")
        }
    }
}
