import Foundation
public import NIOCore
public import NIOFileSystem
import NIOPosix
public import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system ``BlobStore``. Each blob is one file `blobs/<xx>/<id>` named by a random id,
/// never by an object key.
///
/// A blob is written to `blobs/tmp/<writer>/<id>`, fsynced, renamed into place and its directory
/// fsynced, so a blob is visible only once durable and a crash leaves no partial blob (only a
/// temporary file, removed when a store next opens: see ``WriterDirectory``). Reads and writes are plain system calls on a
/// pool of threads of the store's own: a blob that fits one write chunk is written, synced and
/// linked in one job on that pool, instead of a thread hop per step; a read keeps one chunk read
/// ahead of the one being sent, so a stream holds at most two chunks.
public final class FileBlobStore: BlobStore {
    /// The directory holding the blobs.
    public let root: FilePath
    private let fileSystem: FileSystem
    /// Threads that make the blocking reads, writes and syncs (many, since they mostly wait for the disk).
    let io: NIOThreadPool
    /// Bytes gathered before each write to disk.
    let writeChunk: Int
    /// Bytes per read from disk.
    let readChunk: Int
    /// Whether whole chunks are written past the page cache (``DurableFile``).
    let directWrites: Bool
    /// Whether chunks that are not in the page cache are read past it (``ReadableFile``).
    let directReads: Bool
    /// Which uncached reads go past the page cache: a blob's first lately, not its next.
    private let admission = CacheAdmission()

    /// Temporary files of crashed writers removed when the store opened, and their bytes.
    public let reclaimedAtOpen: Int
    /// Their bytes.
    public let reclaimedBytesAtOpen: Int64
    /// This store's own temporary directory (nil when opened without `writes`).
    private let writerDirectory: WriterDirectory?

    private init(root: FilePath, fileSystem: FileSystem, io: NIOThreadPool, writeChunk: Int, readChunk: Int, directWrites: Bool,
                 directReads: Bool, writerDirectory: WriterDirectory?, reclaimedAtOpen: Int, reclaimedBytesAtOpen: Int64) {
        self.writerDirectory = writerDirectory
        self.reclaimedAtOpen = reclaimedAtOpen
        self.reclaimedBytesAtOpen = reclaimedBytesAtOpen
        self.root = root
        self.fileSystem = fileSystem
        self.io = io
        self.writeChunk = writeChunk
        self.readChunk = readChunk
        self.directWrites = directWrites
        self.directReads = directReads
    }

    deinit {
        io.shutdownGracefully { _ in }
    }

    /// Opens (creating if needed) a store under `directory`. With `writes` (a server) it claims a
    /// temporary directory of its own under `tmp/`, named `writerID`, and first removes every one
    /// no live process holds (left by a crash), calling `releaseWriter` with each one's id before
    /// it goes; without (a command that only reads or deletes) it touches none. With
    /// `directWrites`, whole chunks of a blob bypass the page cache (``DurableFile``); with
    /// `directReads`, chunks not in the page cache are read past it (``ReadableFile``). Directories
    /// it creates are made durable by `directories`.
    public static func open(directory: String, fileSystem: FileSystem = .shared, writeChunk: Int = 1 << 20,
                            readChunk: Int = 1 << 20, ioThreads: Int = 16, writes: Bool = true, directWrites: Bool = true,
                            directReads: Bool = true,
                            writerID: String = WriterDirectory.newID(), directories: DurableDirectories = DurableDirectories(),
                            releaseWriter: (String) async throws -> Void = { _ in }) async throws -> FileBlobStore {
        let root = FilePath(directory)
        // The shards and `tmp/`, each entry made durable in its parent before any blob goes in.
        try directories.create(root.string)
        try directories.createChildren((0..<256).map { Identifiers.hex([UInt8($0)]) } + ["tmp"], in: root.string)
        let tmp = root.appending("tmp")
        let claimed = writes ? try await WriterDirectory.claim(in: tmp.string, id: writerID, release: releaseWriter) : nil
        let io = NIOThreadPool(numberOfThreads: ioThreads)
        io.start()
        return FileBlobStore(root: root, fileSystem: fileSystem, io: io, writeChunk: writeChunk, readChunk: readChunk, directWrites: directWrites,
                             directReads: directReads, writerDirectory: claimed?.0, reclaimedAtOpen: claimed?.reclaimed.files ?? 0,
                             reclaimedBytesAtOpen: claimed?.reclaimed.bytes ?? 0)
    }

    /// Whether a live process (a running server) writes into the store under `directory`.
    public static func hasLiveWriters(directory: String) -> Bool {
        WriterDirectory.liveWriters(in: directory + "/tmp")
    }

    func path(of blob: BlobID) -> FilePath {
        root.appending(String(blob.value.prefix(2))).appending(blob.value)
    }

    public func makeWriter(id: BlobID) async throws -> any BlobWriter {
        guard let writerDirectory else { throw StorageError(.internalError, "The blob store was opened without writes.") }
        return Writer(store: self, id: id, temporary: writerDirectory.path + "/" + id.value)
    }

    public func read(_ blob: BlobID, offset: Int64, length: Int64, into sink: (ByteBuffer) async throws -> Void) async throws {
        guard length > 0 else { return }
        let path = path(of: blob).string
        let direct = directReads, admission = admission
        let file = try await io.runIfActive {
            try ReadableFile(path: path, reading: offset, count: length, direct: direct) { admission.pastCache(blob) }
        }
        let end = offset + length
        var position = offset
        var next: Task<ByteBuffer, any Error>? = readAhead(file, at: position, count: min(Int64(readChunk), length))
        do {
            while let pending = next {
                let chunk = try await pending.value
                next = nil
                guard chunk.readableBytes > 0 else {
                    throw StorageError(.internalError, "Blob \(blob) is shorter than its metadata says.")
                }
                position += Int64(chunk.readableBytes)
                if position < end { next = readAhead(file, at: position, count: min(Int64(readChunk), end - position)) }
                try await sink(chunk)
            }
        } catch {
            _ = try? await next?.value  // never close the file under a read in flight
            file.close()
            throw error
        }
        file.close()
    }

    /// Starts reading the next chunk on the I/O threads while the caller sends the current one.
    private func readAhead(_ file: ReadableFile, at offset: Int64, count: Int64) -> Task<ByteBuffer, any Error> {
        Task { try await io.runIfActive { try file.read(at: offset, count: Int(count)) } }
    }

    public func delete(_ blob: BlobID) async throws {
        try await fileSystem.removeItem(at: path(of: blob), strategy: .platformDefault, recursively: false)
    }

    /// The size of a blob file, nil if there is none.
    public func size(of blob: BlobID) async throws -> Int64? {
        try await fileSystem.info(forFileAt: path(of: blob))?.size
    }

    /// Whether a blob file exists (for verification and tests).
    public func exists(_ blob: BlobID) async throws -> Bool {
        try await fileSystem.info(forFileAt: path(of: blob)) != nil
    }

    /// Ids of all blob files (for tests).
    public func allBlobs() async throws -> Set<BlobID> {
        Set(try await blobFiles().keys)
    }

    /// Every blob file with its size (for verification).
    public func blobFiles() async throws -> [BlobID: Int64] {
        var out: [BlobID: Int64] = [:]
        for i in 0..<256 {
            let sub = root.appending(Identifiers.hex([UInt8(i)]))
            var names: [String] = []
            try await fileSystem.withDirectoryHandle(atPath: sub) { dir in
                for try await entry in dir.listContents() where entry.type == .regular { names.append(entry.name.string) }
            }
            for name in names {
                // A file deleted between listing and stat is simply not there.
                if let info = try await fileSystem.info(forFileAt: sub.appending(name)) { out[BlobID(name)] = info.size }
            }
        }
        return out
    }

    /// Temporary files that no live writer owns, and their bytes (removed with `remove`).
    public static func abandonedTemporaryFiles(directory: String, remove: Bool) throws -> WriterDirectory.Reclaimed {
        try WriterDirectory.reclaimAbandoned(in: directory + "/tmp", dryRun: !remove)
    }

    /// Names of the files in this store's temporary directory (for tests).
    public func temporaryFiles() async throws -> [String] {
        guard let writerDirectory else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: writerDirectory.path)
    }

    /// One blob being written. Its methods are called one at a time (by the request that writes
    /// the blob); the file descriptor and offset are touched only inside pool jobs they await.
    final class Writer: BlobWriter, @unchecked Sendable {
        let store: FileBlobStore
        let id: BlobID
        private let temporary: String
        private let final: FilePath
        private let pending: ChunkBuffer
        private var file = DurableFile()

        init(store: FileBlobStore, id: BlobID, temporary: String) {
            self.store = store
            self.id = id
            self.temporary = temporary
            final = store.path(of: id)
            pending = ChunkBuffer(limit: store.writeChunk)
        }

        func write(_ buffer: ByteBuffer) async throws {
            var rest = buffer
            while rest.readableBytes > 0 {
                pending.take(from: &rest)
                if pending.isFull { try await flush() }
            }
        }

        private func flush() async throws {
            try await store.io.runIfActive {
                try self.file.append(self.pending.bytes, creating: self.temporary, direct: self.store.directWrites)
                self.pending.reset()
            }
        }

        func commit() async throws -> BlobID {
            try await store.io.runIfActive {
                try self.file.append(self.pending.bytes, creating: self.temporary, direct: self.store.directWrites)
                self.pending.reset()
                try self.file.commit(temporary: self.temporary, final: self.final.string, directory: self.final.removingLastComponent().string)
            }
            return id
        }

        func discard() async {
            _ = try? await store.io.runIfActive { self.file.discard(temporary: self.temporary) }
        }

        deinit {
            file.discard(temporary: temporary)
        }
    }
}
