import Foundation
import NIOCore
import Testing
import TesseraCore
import TesseraFiles

/// Deleted blobs' files kept for new blobs (`FreeFiles`): a deleted blob is gone from its place
/// at once, the next blob is written into its emptied file (the same inode) with none of the old
/// bytes, the pool is bounded, and no kept file outlives the store or a discarded writer.
@Suite struct FreeFilesTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-free-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func blobPath(_ blob: BlobID) -> String { "\(directory)/\(blob.value.prefix(2))/\(blob.value)" }

    func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    func write(_ store: FileBlobStore, _ bytes: [UInt8]) async throws -> BlobID {
        let writer = try await store.makeWriter()
        try await writer.write(ByteBuffer(bytes: bytes))
        return try await writer.commit()
    }

    func read(_ store: FileBlobStore, _ blob: BlobID, length: Int64) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await store.read(blob, offset: 0, length: length) { out += Array($0.readableBytesView) }
        return out
    }

    @Test func aDeletedBlobsFileHoldsTheNextBlobAndNoneOfItsBytes() async throws {
        let store = try await FileBlobStore.open(directory: directory, writeChunk: 4_096)
        let old = try await write(store, [UInt8](repeating: 0xAA, count: 100_003))
        let oldInode = try inode(blobPath(old))
        try await store.delete(old)
        #expect(try await !store.exists(old))
        #expect(try await store.allBlobs().isEmpty)
        #expect(try await store.temporaryFiles() == ["free-1"])
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let new = try await write(store, bytes)
        #expect(try inode(blobPath(new)) == oldInode)
        #expect(try await store.size(of: new) == 1_000)
        #expect(try await read(store, new, length: 1_000) == bytes)
        #expect(try await store.temporaryFiles().isEmpty)
        #expect(try await store.allBlobs() == [new])
    }

    @Test func keepsAtMostItsCapacityAndUnlinksTheRest() async throws {
        let store = try await FileBlobStore.open(directory: directory, freeFiles: 2)
        var blobs: [BlobID] = []
        for i in 0..<3 { blobs.append(try await write(store, [UInt8](repeating: UInt8(i), count: 10))) }
        for blob in blobs { try await store.delete(blob) }
        #expect(try await store.allBlobs().isEmpty)
        #expect(try await store.temporaryFiles().sorted() == ["free-1", "free-2"])
        // A blob with no file (deleted already) is deleted without an error and keeps nothing.
        try await store.delete(blobs[0])
        #expect(try await store.temporaryFiles().count == 2)
    }

    @Test func aDiscardedWriterLeavesNoKeptFileBehind() async throws {
        let store = try await FileBlobStore.open(directory: directory)
        try await store.delete(try await write(store, [1, 2, 3]))
        let writer = try await store.makeWriter()
        try await writer.write(ByteBuffer(bytes: [4, 5]))
        await writer.discard()
        #expect(try await store.temporaryFiles().isEmpty)

        // Given a kept file and dropped before its first write.
        try await store.delete(try await write(store, [6]))
        var unused: (any BlobWriter)? = try await store.makeWriter()
        #expect(unused != nil)
        unused = nil
        #expect(try await store.temporaryFiles().isEmpty)
    }

    @Test func aStoppedOrClosedStoreLeavesNoKeptFile() async throws {
        var store: FileBlobStore? = try await FileBlobStore.open(directory: directory, writerID: "closing")
        let kept = { try FileManager.default.contentsOfDirectory(atPath: "\(self.directory)/tmp/closing") }
        try await store?.delete(try await write(store!, [1]))
        #expect(try kept() == ["free-1"])
        store?.removeKeptFiles()  // a server stopping gracefully
        #expect(try kept().isEmpty)
        try await store?.delete(try await write(store!, [2]))
        #expect(try kept() == ["free-2"])
        store = nil
        #expect(try kept().isEmpty)
    }
}
