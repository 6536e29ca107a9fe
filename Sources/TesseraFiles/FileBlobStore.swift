import NIOCore
import NIOFileSystem
import TesseraCore

/// The file-system ``BlobStore``. Each blob is one file `blobs/<xx>/<id>` named by a random id,
/// never by an object key. A blob is created transactionally (an unnamed file linked into place
/// on commit), fsynced before it is linked and its directory fsynced after, so a blob is
/// visible only once durable and a crash leaves no partial file.
public final class FileBlobStore: BlobStore {
    /// The directory holding the blobs.
    public let root: FilePath
    private let fileSystem: FileSystem
    /// Bytes gathered before each write to disk.
    let writeChunk: Int
    /// Bytes per read from disk.
    let readChunk: Int

    private init(root: FilePath, fileSystem: FileSystem, writeChunk: Int, readChunk: Int) {
        self.root = root
        self.fileSystem = fileSystem
        self.writeChunk = writeChunk
        self.readChunk = readChunk
    }

    /// Opens (creating if needed) a store under `directory`.
    public static func open(directory: String, fileSystem: FileSystem = .shared,
                            writeChunk: Int = 1 << 20, readChunk: Int = 1 << 20) async throws -> FileBlobStore {
        let root = FilePath(directory)
        try await fileSystem.createDirectory(at: root, withIntermediateDirectories: true)
        for i in 0..<256 {
            let sub = root.appending(Identifiers.hex([UInt8(i)]))
            if try await fileSystem.info(forFileAt: sub) == nil {
                try await fileSystem.createDirectory(at: sub, withIntermediateDirectories: true)
            }
        }
        return FileBlobStore(root: root, fileSystem: fileSystem, writeChunk: writeChunk, readChunk: readChunk)
    }

    func path(of blob: BlobID) -> FilePath {
        root.appending(String(blob.value.prefix(2))).appending(blob.value)
    }

    public func makeWriter() async throws -> any BlobWriter {
        let id = BlobID.generate()
        let handle = try await fileSystem.openFile(
            forWritingAt: path(of: id), options: .init(existingFile: .none, newFile: .init(transactionalCreation: true)))
        return Writer(store: self, id: id, handle: handle)
    }

    public func read(_ blob: BlobID, offset: Int64, length: Int64, into sink: (ByteBuffer) async throws -> Void) async throws {
        guard length > 0 else { return }
        let handle = try await fileSystem.openFile(forReadingAt: path(of: blob), options: .init())
        do {
            var remaining = length
            for try await chunk in handle.readChunks(in: offset..<(offset + length), chunkLength: .bytes(Int64(readChunk))) {
                remaining -= Int64(chunk.readableBytes)
                try await sink(chunk)
            }
            try await handle.close()
            guard remaining == 0 else { throw StorageError(.internalError, "Blob \(blob) is shorter than its metadata says.") }
        } catch {
            try? await handle.close()
            throw error
        }
    }

    public func delete(_ blob: BlobID) async throws {
        try await fileSystem.removeItem(at: path(of: blob), strategy: .platformDefault, recursively: false)
    }

    /// Whether a blob file exists (for verification and tests).
    public func exists(_ blob: BlobID) async throws -> Bool {
        try await fileSystem.info(forFileAt: path(of: blob)) != nil
    }

    /// Ids of all blob files (for verification and tests).
    public func allBlobs() async throws -> Set<BlobID> {
        var out = Set<BlobID>()
        for i in 0..<256 {
            let sub = root.appending(Identifiers.hex([UInt8(i)]))
            try await fileSystem.withDirectoryHandle(atPath: sub) { dir in
                for try await entry in dir.listContents() where entry.type == .regular {
                    out.insert(BlobID(entry.name.string))
                }
            }
        }
        return out
    }

    final class Writer: BlobWriter {
        let store: FileBlobStore
        let id: BlobID
        let handle: WriteFileHandle
        var pending = ByteBuffer()
        var offset: Int64 = 0
        var closed = false

        init(store: FileBlobStore, id: BlobID, handle: WriteFileHandle) {
            self.store = store
            self.id = id
            self.handle = handle
            pending.reserveCapacity(store.writeChunk)
        }

        func write(_ buffer: ByteBuffer) async throws {
            if pending.readableBytes == 0 && buffer.readableBytes >= store.writeChunk {
                try await flush(buffer)
                return
            }
            var b = buffer
            pending.writeBuffer(&b)
            if pending.readableBytes >= store.writeChunk {
                try await flush(pending)
                pending.clear()
            }
        }

        private func flush(_ buffer: ByteBuffer) async throws {
            offset += try await handle.write(contentsOf: buffer, toAbsoluteOffset: offset)
        }

        func commit() async throws -> BlobID {
            if pending.readableBytes > 0 {
                try await flush(pending)
                pending.clear()
            }
            try await handle.synchronize()
            closed = true
            try await handle.close(makeChangesVisible: true)
            let dir = store.path(of: id).removingLastComponent()
            try await store.fileSystem.withDirectoryHandle(atPath: dir) { try await $0.synchronize() }
            return id
        }

        func discard() async {
            guard !closed else { return }
            closed = true
            try? await handle.close(makeChangesVisible: false)
        }

        deinit {
            if !closed {
                let h = handle
                Task { try? await h.close(makeChangesVisible: false) }
            }
        }
    }
}
