import ArgumentParser
import TesseraServer

/// `tessera verify`: reconcile the metadata with the blob files.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that every referenced blob is on disk with its size (and, with --deep, its bytes) and that nothing leaks.",
        discussion: """
            Exit status: 0 consistent; 1 leaks or queued deletions of live blobs (run --repair with \
            the server stopped); 2 referenced bytes missing or changed (repair cannot restore them). \
            Safe to run beside a running server (without --repair).
            """)

    @Option(help: "Data directory.") var dataDir = "./tessera-data"

    @OptionGroup var metadata: MetadataOption
    @Flag(help: "Also read every referenced blob and compare its MD5 with the ETag.") var deep = false
    @Flag(help: "Fix what is safe to fix (needs the server stopped): cancel queued deletions of referenced blobs, delete abandoned and unreferenced blobs and temporary files.")
    var repair = false

    func run() async throws {
        let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
        let verification = StoreVerification(metadata: storage.metadata, blobs: storage.blobs, blobDirectory: dataDir + "/blobs")
        let report = try await verification.run(deep: deep, repair: repair)
        report.lines.forEach { print($0) }
        if report.isDamaged { throw ExitCode(2) }
        if report.needsRepair { throw ExitCode(1) }
    }
}
