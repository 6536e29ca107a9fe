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
    /// Emptied blob files kept there for new blobs (nil when opened without `writes`).
    let freeFiles: FreeFiles?

    private init(root: FilePath, fileSystem: FileSystem, io: NIOThreadPool, writeChunk: Int, readChunk: Int, directWrites: Bool,
                 directReads: Bool, writerDirectory: WriterDirectory?, freeFiles: Int, reclaimedAtOpen: Int, reclaimedBytesAtOpen: Int64) {
        self.writerDirectory = writerDirectory
        self.freeFiles = writerDirectory.map { FreeFiles(directory: $0.path, capacity: freeFiles) }
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

    /// Unlinks the deleted blobs' files kept for new blobs (``FreeFiles``): a server stopping
    /// gracefully leaves none behind for the next start to count as abandoned.
    public func removeKeptFiles() {
        freeFiles?.removeAll()
    }

    deinit {
        freeFiles?.removeAll()
        io.shutdownGracefully { _ in }
    }

    /// Opens (creating if needed) a store under `directory`. With `writes` (a server) it claims a
    /// temporary directory of its own under `tmp/`, named `writerID`, and first removes every one
    /// no live process holds (left by a crash), calling `releaseWriter` with each one's id before
    /// it goes; without (a command that only reads or deletes) it touches none. With
    /// `directWrites`, whole chunks of a blob bypass the page cache (``DurableFile``); with
    /// `directReads`, chunks not in the page cache are read past it (``ReadableFile``). Up to
    /// `freeFiles` deleted blobs' files are kept, emptied, for new blobs (``FreeFiles``): by
    /// default 32,768, the files a bulk delete of that many frees (an inode each, no blocks,
    /// 256 KiB of memory at most).
    /// Directories it creates are made durable by `directories`.
    public static func open(directory: String, fileSystem: FileSystem = .shared, writeChunk: Int = 1 << 20,
                            readChunk: Int = 1 << 20, ioThreads: Int = 16, writes: Bool = true, directWrites: Bool = true,
                            directReads: Bool = true, freeFiles: Int = 32_768,
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
                             directReads: directReads, writerDirectory: claimed?.0, freeFiles: freeFiles, reclaimedAtOpen: claimed?.reclaimed.files ?? 0,
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
        if let reused = freeFiles?.take() { return Writer(store: self, id: id, temporary: reused, reusing: true) }
        return Writer(store: self, id: id, temporary: writerDirectory.path + "/" + id.value, reusing: false)
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

    /// Deletes a blob's file: moved to ``freeFiles`` and emptied while there is room, else
    /// unlinked. A blob without a file is already deleted.
    public func delete(_ blob: BlobID) async throws {
        guard let freeFiles else {
            try await fileSystem.removeItem(at: path(of: blob), strategy: .platformDefault, recursively: false)
            return
        }
        let path = path(of: blob).string
        try await io.runIfActive {
            if case .moved = freeFiles.keep(path) { return }
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemCall.failure("unlink") }
        }
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
        /// Whether `temporary` is a kept file (``FreeFiles``) rather than one to create.
        private let reusing: Bool
        private let final: FilePath
        private let pending: ChunkBuffer
        private var file = DurableFile()

        init(store: FileBlobStore, id: BlobID, temporary: String, reusing: Bool) {
            self.store = store
            self.id = id
            self.temporary = temporary
            self.reusing = reusing
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
                try self.file.append(self.pending.bytes, creating: self.temporary, reusing: self.reusing, direct: self.store.directWrites)
                self.pending.reset()
            }
        }

        func commit() async throws -> BlobID {
            try await store.io.runIfActive {
                try self.file.append(self.pending.bytes, creating: self.temporary, reusing: self.reusing, direct: self.store.directWrites)
                self.pending.reset()
                try self.file.commit(temporary: self.temporary, final: self.final.string, directory: self.final.removingLastComponent().string)
            }
            return id
        }

        func discard() async {
            _ = try? await store.io.runIfActive { self.file.discard(temporary: self.temporary, reused: self.reusing) }
        }

        deinit {
            file.discard(temporary: temporary, reused: reusing)
        }
    }
}
