import ArgumentParser
import Foundation
import TesseraCore
import TesseraFiles
import TesseraServer

/// `tessera migrate`: copy a data directory's SQLite metadata into PostgreSQL.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a data directory's metadata (SQLite) into an empty PostgreSQL database, for several gateways.",
        discussion: """
            The blobs stay where they are: serve the same directory (on a shared file system) with \
            `tessera serve --data-dir DIR --metadata URL` afterwards. Stop the server first. Uploads \
            in progress are copied with their parts and can be completed after the move.
            """)

    @Option(help: "The data directory of a stopped server.") var from: String
    @Option(help: "The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.") var to: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from + "/metadata.sqlite") else {
            throw ValidationError("\(from) holds no metadata.sqlite.")
        }
        guard !FileBlobStore.hasLiveWriters(directory: from + "/blobs") else {
            throw ValidationError("A Tessera server is serving \(from): stop it first.")
        }
        let source = try await Storage.open(dataDirectory: from)
        let destination = try await Storage.open(dataDirectory: from, metadataURL: to)
        let migration = StoreMigration(source: source.metadata, destination: destination.metadata)
        let counts = try await migration.run { bucket, counts in
            print("\(bucket.value): \(Counted.text(counts.objects, "object")), \(Counted.text(counts.uploads, "upload")) so far")
        }
        print("""
            Copied \(Counted.text(counts.credentials, "access key")), \(Counted.text(counts.buckets, "bucket")), \
            \(Counted.text(counts.objects, "object")), \(Counted.text(counts.uploads, "upload in progress", plural: "uploads in progress")) \
            with \(Counted.text(counts.parts, "part")); \(Counted.text(counts.garbage, "blob")) queued for deletion.
            Now serve it: tessera serve --data-dir \(from) --metadata URL
            """)
    }
}
