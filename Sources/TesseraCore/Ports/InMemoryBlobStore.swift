import NIOConcurrencyHelpers
public import NIOCore

/// A ``BlobStore`` in memory, for tests.
public final class InMemoryBlobStore: BlobStore {
    private let blobs = NIOLockedValueBox([BlobID: ByteBuffer]())

    /// Creates an empty store.
    public init() {}

    /// Ids of the blobs currently stored.
    public var storedBlobs: Set<BlobID> { blobs.withLockedValue { Set($0.keys) } }

    public func makeWriter(id: BlobID) async throws -> any BlobWriter { Writer(store: self, id: id) }

    public func read(_ blob: BlobID, offset: Int64, length: Int64, into sink: (ByteBuffer) async throws -> Void) async throws {
        guard let buffer = blobs.withLockedValue({ $0[blob] }) else {
            throw StorageError(.internalError, "Blob \(blob) is missing.")
        }
        guard offset >= 0, length >= 0, offset + length <= Int64(buffer.readableBytes) else {
            throw StorageError(.internalError, "Read beyond the end of blob \(blob).")
        }
        if length > 0 { try await sink(buffer.getSlice(at: buffer.readerIndex + Int(offset), length: Int(length))!) }
    }

    public func delete(_ blob: BlobID) async throws {
        _ = blobs.withLockedValue { $0.removeValue(forKey: blob) }
    }

    private final class Writer: BlobWriter {
        let store: InMemoryBlobStore
        let id: BlobID
        var buffer = ByteBuffer()
        init(store: InMemoryBlobStore, id: BlobID) {
            self.store = store
            self.id = id
        }
        func write(_ buffer: ByteBuffer) async throws {
            var b = buffer
            self.buffer.writeBuffer(&b)
        }
        func commit() async throws -> BlobID {
            let data = buffer
            store.blobs.withLockedValue { $0[id] = data }
            return id
        }
        func discard() async {}
    }
}
