import Foundation
import TesseraCore
public import TesseraFiles
public import TesseraSQLite

/// The embedded default storage: SQLite metadata and files under one data directory.
public struct Storage: Sendable {
    /// Metadata.
    public let metadata: SQLiteMetadataStore
    /// Blobs.
    public let blobs: FileBlobStore

    /// Opens (creating if needed) `<dir>/metadata.sqlite` and `<dir>/blobs/`.
    public static func open(dataDirectory: String) async throws -> Storage {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let metadata = try SQLiteMetadataStore(path: dataDirectory + "/metadata.sqlite")
        let blobs = try await FileBlobStore.open(directory: dataDirectory + "/blobs")
        return Storage(metadata: metadata, blobs: blobs)
    }
}
