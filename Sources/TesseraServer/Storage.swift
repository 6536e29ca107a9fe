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
    /// Blobs a crashed server announced but never referenced, queued for deletion at open.
    public private(set) var announcedAtOpen = 0

    /// Opens (creating if needed) `<dir>/metadata.sqlite` and `<dir>/blobs/`. A server opens it
    /// `forServing`: it must be the only one (the SQLite store and its caches are one process's),
    /// and it reclaims what a crashed predecessor left — temporary files, and blobs announced but
    /// never referenced (queued for the collector). Commands open it without, beside a server.
    public static func open(dataDirectory: String, forServing: Bool = false) async throws -> Storage {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if forServing, FileBlobStore.hasLiveWriters(directory: dataDirectory + "/blobs") {
            throw StorageError(.invalidRequest, "Another Tessera server is serving \(dataDirectory).")
        }
        let metadata = try SQLiteMetadataStore(path: dataDirectory + "/metadata.sqlite")
        let blobs = try await FileBlobStore.open(directory: dataDirectory + "/blobs", writes: forServing)
        var storage = Storage(metadata: metadata, blobs: blobs)
        if forServing { storage.announcedAtOpen = try await metadata.reclaimBlobIntents() }
        return storage
    }
}
