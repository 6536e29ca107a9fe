import Foundation
import NIOCore
import Testing
import TesseraCore
@testable import TesseraFiles
import TesseraTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Reading a blob file: bytes not in the page cache are read past it (`O_DIRECT`) with exactly
/// the bytes a cached read gives, whatever the range's alignment, and a blob's next read lately
/// goes through the cache and fills it (``CacheAdmission``).
@Suite struct ReadableFileTests {
    /// A file of `size` seeded bytes under a new directory, written, synced and dropped from the
    /// page cache (clean pages go at `POSIX_FADV_DONTNEED`).
    func uncachedFile(size: Int, seed: UInt64) throws -> (path: String, bytes: [UInt8]) {
        var random = SeededRandom(seed: seed)
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("blob").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try evict(path)
        return (path, bytes)
    }

    func evict(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(fsync(fd) == 0)
        #expect(posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED)) == 0)
    }

    func isCached(_ path: String, count: Int) throws -> Bool {
        let file = try ReadableFile(path: path, reading: 0, count: Int64(count), direct: false)
        defer { file.close() }
        return file.cached(at: 0, count: count)
    }

    /// Ranges at every alignment (a page's start, inside it, across the end of the file, past it):
    /// the direct read gives the bytes of the file, as many as there are.
    @Test func directReadsGiveTheFilesBytesAtAnyAlignment() throws {
        let (path, bytes) = try uncachedFile(size: 300_001, seed: 18)
        #expect(try !isCached(path, count: bytes.count))
        let file = try ReadableFile(path: path, reading: 0, count: Int64(bytes.count), direct: true)
        defer { file.close() }
        #expect(file.readsPastCache)
        var random = SeededRandom(seed: 1_218)
        var cases = [(0, 4_096), (0, 300_001), (4_095, 2), (4_096, 4_096), (299_999, 2), (299_999, 100), (300_001, 10), (400_000, 5)]
        for _ in 0..<200 {
            cases.append((Int.random(in: 0...300_100, using: &random), Int.random(in: 1...70_000, using: &random)))
        }
        for (offset, count) in cases {
            let expected = offset < bytes.count ? Array(bytes[offset..<min(bytes.count, offset + count)]) : []
            let direct = try #require(try file.readDirect(at: Int64(offset), count: count))
            let directSame = Array(direct.readableBytesView) == expected  // a Bool, so a failure does not print the bytes
            #expect(directSame, "direct read of \(count) at \(offset)")
            let chosen = try file.read(at: Int64(offset), count: count)
            let chosenSame = Array(chosen.readableBytesView) == expected
            #expect(chosenSame, "read of \(count) at \(offset)")
        }
        // Nothing read past the cache went into it.
        #expect(try !isCached(path, count: bytes.count))
    }

    /// A blob's first read lately leaves the page cache as it was; its second fills it; with
    /// direct reads off, the first fills it.
    @Test(arguments: [true, false])
    func theFirstReadPassesTheCacheTheSecondFillsIt(directReads: Bool) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-blobs-\(UUID().uuidString)").path
        let store = try await FileBlobStore.open(directory: dir, readChunk: 64 << 10, directReads: directReads)
        var random = SeededRandom(seed: 7)
        let bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let writer = try await store.makeWriter()
        try await writer.write(ByteBuffer(bytes: bytes))
        let blob = try await writer.commit()
        let path = store.path(of: blob).string
        try evict(path)
        for read in 1...2 {
            var out: [UInt8] = []
            try await store.read(blob, offset: 0, length: Int64(bytes.count)) { out += Array($0.readableBytesView) }
            let same = out == bytes
            #expect(same, "read \(read)")
            #expect(try isCached(path, count: bytes.count) == (read == 2 || !directReads), "after read \(read)")
        }
    }

    /// The admission remembers the last `capacity` blobs read past the cache, no more.
    @Test func admissionRemembersTheLastBlobsReadPastTheCache() {
        let admission = CacheAdmission(capacity: 2)
        let (a, b, c) = (BlobID("aa01"), BlobID("bb02"), BlobID("cc03"))
        #expect(admission.pastCache(a))
        #expect(!admission.pastCache(a))
        #expect(admission.pastCache(b))
        #expect(admission.pastCache(c))  // a is forgotten
        #expect(admission.pastCache(a))  // b is forgotten
        #expect(!admission.pastCache(c))
        #expect(admission.pastCache(b))
    }
}
