public import TesseraCore
public import TesseraFiles
import TesseraPostgres
import TesseraSQLite

/// Metadata and blobs, opened together: SQLite and files under one data directory (the
/// embedded default), or PostgreSQL and files under a data directory that several gateways share.
public struct Storage: Sendable {
    /// Metadata.
    public let metadata: any MetadataStore
    /// Blobs.
    public let blobs: FileBlobStore
    /// Blobs announced by a crashed server (or, on PostgreSQL, crashed gateways) but never
    /// referenced, queued for deletion at open.
    public private(set) var announcedAtOpen = 0

    /// Opens (creating if needed) the data directory's `blobs/` and the metadata: PostgreSQL
    /// when `metadataURL` is a `postgres://` URL, else `<dir>/metadata.sqlite`.
    ///
    /// A server opens it `forServing` and reclaims what a crashed predecessor left — temporary
    /// files, and blobs announced but never referenced (queued for the collector). On SQLite it
    /// must be the only server (the database and its caches are one process's). On PostgreSQL
    /// it is one gateway of any number: its writer directory's id names it in the database, and
    /// it reclaims the announcements only of gateways whose writer directory no live process
    /// holds. Commands open it without `forServing`, beside running servers.
    /// `directWrites`: whole chunks of large blobs are written past the page cache; `directReads`:
    /// chunks not in the page cache are read past it (``FileBlobStore``).
    public static func open(dataDirectory: String, metadataURL: String? = nil, forServing: Bool = false,
                            directWrites: Bool = true, directReads: Bool = true) async throws -> Storage {
        // Durable in its parent before the database or a blob goes in (``DurableDirectories``).
        try DurableDirectories().create(dataDirectory)
        let blobDirectory = dataDirectory + "/blobs"
        if let metadataURL {
            let location = try PostgresLocation(parsing: metadataURL)
            let gateway = WriterDirectory.newID()
            let metadata = try await PostgresMetadataStore.open(location, gateway: gateway)
            var announced = 0
            let blobs = try await FileBlobStore.open(directory: blobDirectory, writes: forServing, directWrites: directWrites,
                                                     directReads: directReads, writerID: gateway) { dead in
                announced += try await metadata.reclaimBlobIntents(ofGateway: dead)
            }
            var storage = Storage(metadata: metadata, blobs: blobs)
            storage.announcedAtOpen = announced
            return storage
        }
        if forServing, FileBlobStore.hasLiveWriters(directory: blobDirectory) {
            throw StorageError(.invalidRequest, "Another Tessera server is serving \(dataDirectory).")
        }
        let metadata = try SQLiteMetadataStore(path: dataDirectory + "/metadata.sqlite")
        let blobs = try await FileBlobStore.open(directory: blobDirectory, writes: forServing, directWrites: directWrites,
                                                 directReads: directReads)
        var storage = Storage(metadata: metadata, blobs: blobs)
        if forServing { storage.announcedAtOpen = try await metadata.reclaimBlobIntents() }
        return storage
    }
}
