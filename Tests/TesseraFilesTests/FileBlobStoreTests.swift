import Foundation
import NIOCore
import Testing
import TesseraCore
import TesseraFiles

/// The file blob store: a committed blob has exactly the bytes written, an abandoned one leaves
/// nothing behind, and temporary files left by a crash are removed when the store opens.
@Suite struct FileBlobStoreTests {
    func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-blobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// A blob of `bytes`, written in one buffer and committed.
    func committed(_ store: FileBlobStore, _ bytes: [UInt8]) async throws -> BlobID {
        let writer = try await store.makeWriter()
        try await writer.write(ByteBuffer(bytes: bytes))
        return try await writer.commit()
    }

    func read(_ store: FileBlobStore, _ blob: BlobID, offset: Int64 = 0, length: Int64) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await store.read(blob, offset: offset, length: length) { out += Array($0.readableBytesView) }
        return out
    }

    @Test(arguments: [0, 1, 1_000, 4_096, 10_000, 100_003])
    func committedBlobHoldsExactlyTheBytesWritten(size: Int) async throws {
        // A 4 KiB write chunk makes the larger sizes take several writes before the commit.
        let store = try await FileBlobStore.open(directory: try directory(), writeChunk: 4_096, readChunk: 3_000)
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let writer = try await store.makeWriter()
        var offset = 0
        while offset < size {
            let n = min(1_500, size - offset)
            try await writer.write(ByteBuffer(bytes: bytes[offset..<(offset + n)]))
            offset += n
        }
        let blob = try await writer.commit()
        #expect(try await store.exists(blob))
        #expect(try await store.allBlobs() == [blob])
        #expect(try await store.temporaryFiles().isEmpty)
        #expect(try await read(store, blob, length: Int64(size)) == bytes)
        if size > 10 { #expect(try await read(store, blob, offset: 7, length: 3) == Array(bytes[7..<10])) }
    }

    /// Whole chunks go past the page cache (`O_DIRECT`), a tail that is not whole pages through it:
    /// every mix of aligned and unaligned chunks, tails and incoming buffer sizes keeps the bytes.
    @Test(arguments: [(262_144, true), (266_240, true), (300_001, true), (131_072, true), (300_001, false), (65_536, true)])
    func directWritesKeepTheBytesWhateverTheAlignment(size: Int, direct: Bool) async throws {
        let store = try await FileBlobStore.open(directory: try directory(), writeChunk: 128 << 10, directWrites: direct)
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
        let writer = try await store.makeWriter()
        var offset = 0
        var step = 0
        while offset < size {
            let n = min([65_537, 100, 200_000, 4_096][step % 4], size - offset)
            try await writer.write(ByteBuffer(bytes: bytes[offset..<(offset + n)]))
            offset += n
            step += 1
        }
        let blob = try await writer.commit()
        #expect(try await store.size(of: blob) == Int64(size))
        #expect(try await read(store, blob, length: Int64(size)) == bytes)
    }

    @Test func readsInChunksWithReadAheadAndRefusesAShortBlob() async throws {
        let store = try await FileBlobStore.open(directory: try directory(), readChunk: 1_000)
        let bytes = (0..<25_500).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let blob = try await committed(store, bytes)
        var sizes: [Int] = []
        try await store.read(blob, offset: 250, length: 25_000) { sizes.append($0.readableBytes) }
        #expect(sizes == Array(repeating: 1_000, count: 25))
        for (offset, length) in [(0, 25_500), (999, 2), (24_000, 1_500), (1_000, 1_000)] {
            #expect(try await read(store, blob, offset: Int64(offset), length: Int64(length)) == Array(bytes[offset..<(offset + length)]))
        }
        // Metadata promising more bytes than the file has is an error, not a short answer.
        await #expect(throws: StorageError.self) { _ = try await read(store, blob, offset: 25_000, length: 1_000) }
        // A sink that fails stops the read (the chunk read ahead is awaited before the file closes).
        struct Stop: Error {}
        var seen = 0
        await #expect(throws: Stop.self) {
            try await store.read(blob, offset: 0, length: 25_500) { _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
        await #expect(throws: StorageError.self) { _ = try await read(store, BlobID("00missing"), length: 1) }
    }

    /// A blob deleted while a read of it is under way (an object overwritten or deleted during
    /// its GET, on this gateway or another) is read to its end with its own bytes, new blobs
    /// written meanwhile or not: a deleted blob's file is unlinked, never emptied or reused while
    /// a reader may hold it open (tried in the thirty-eighth pass, docs/benchmarks.md: this read
    /// went on in the next blob's bytes).
    @Test func aBlobDeletedDuringItsReadIsReadToTheEndWithItsOwnBytes() async throws {
        let store = try await FileBlobStore.open(directory: try directory(), readChunk: 1_000)
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 3) }
        let blob = try await committed(store, bytes)
        var read: [UInt8] = []
        try await store.read(blob, offset: 0, length: 20_000) { chunk in
            if read.isEmpty {
                try await store.delete(blob)
                for _ in 0..<3 { _ = try await committed(store, [UInt8](repeating: 0xEE, count: 20_000)) }
            }
            read += Array(chunk.readableBytesView)
        }
        let intact = read == bytes  // not the arrays themselves: a failure would print 40,000 numbers
        #expect(intact, "read \(read.count) bytes, \(zip(read, bytes).filter { $0 != $1 }.count) of them not the blob's")
        #expect(try await !store.exists(blob))
    }

    @Test(arguments: [100, 20_000])
    func discardedBlobLeavesNothing(size: Int) async throws {
        let store = try await FileBlobStore.open(directory: try directory(), writeChunk: 4_096)
        let writer = try await store.makeWriter()
        try await writer.write(ByteBuffer(repeating: 9, count: size))
        await writer.discard()
        #expect(try await store.allBlobs().isEmpty)
        #expect(try await store.temporaryFiles().isEmpty)
    }

    @Test func temporaryFilesOfDeadWritersGoWhenAStoreOpensAndALiveWritersStay() async throws {
        let dir = try directory()
        let live = try await FileBlobStore.open(directory: dir, writeChunk: 4_096)
        let inFlight = try await live.makeWriter()
        try await inFlight.write(ByteBuffer(repeating: 1, count: 10_000))
        #expect(try await live.temporaryFiles() == [inFlight.id.value])
        // What a killed writer leaves: its directory and an unlocked lock file; and a loose file
        // of the layout before writer directories, however young.
        let tmp = URL(fileURLWithPath: dir).appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("dead"), withIntermediateDirectories: true)
        try Data(count: 300).write(to: tmp.appendingPathComponent("dead/0123"))
        try Data().write(to: tmp.appendingPathComponent("dead.lock"))
        try Data(count: 5).write(to: tmp.appendingPathComponent("loose"))
        #expect(FileBlobStore.hasLiveWriters(directory: dir))
        #expect(try FileBlobStore.abandonedTemporaryFiles(directory: dir, remove: false) == .init(files: 2, bytes: 305))

        let second = try await FileBlobStore.open(directory: dir)
        #expect(second.reclaimedAtOpen == 2 && second.reclaimedBytesAtOpen == 305)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: tmp.path))
        #expect(!left.contains("dead") && !left.contains("dead.lock") && !left.contains("loose"))
        #expect(left.count == 4)  // each live store's directory and lock
        // The first store's blob in flight was not touched: it still commits.
        let blob = try await inFlight.commit()
        #expect(try await live.size(of: blob) == 10_000)
        #expect(try await live.temporaryFiles().isEmpty)
    }

    /// Gateways starting at once on one shared directory: each start reclaims what no live writer
    /// holds while the others create their locks; every start succeeds and keeps its own lock.
    @Test func storesOpeningAtOnceOnOneDirectoryAllStart() async throws {
        let dir = try directory()
        var stores: [FileBlobStore] = []
        for _ in 0..<25 {
            stores += try await withThrowingTaskGroup(of: FileBlobStore.self) { group in
                for _ in 0..<6 { group.addTask { try await FileBlobStore.open(directory: dir) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let tmp = URL(fileURLWithPath: dir).appendingPathComponent("tmp").path
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp)
        #expect(left.filter { $0.hasSuffix(".lock") }.count == stores.count)  // nobody took a live writer's lock
        #expect(left.count == 2 * stores.count)  // a directory and a lock each, no staging file left
    }

    @Test func aStoreOpenedWithoutWritesTouchesNoTemporaryFile() async throws {
        let dir = try directory()
        _ = try await FileBlobStore.open(directory: dir, writes: false)
        let tmp = URL(fileURLWithPath: dir).appendingPathComponent("tmp")
        try Data(count: 5).write(to: tmp.appendingPathComponent("loose"))
        let reader = try await FileBlobStore.open(directory: dir, writes: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["loose"])
        #expect(!FileBlobStore.hasLiveWriters(directory: dir))
        await #expect(throws: StorageError.self) { _ = try await reader.makeWriter() }
    }
}
