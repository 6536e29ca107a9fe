import Foundation
import Synchronization
import Testing
import TesseraCore
import TesseraFiles

/// Every directory the store creates is followed by a sync of its parent, so its entry (and the
/// blobs later put in it) survive a power cut; directories already there cost no sync.
@Suite struct DurableDirectoriesTests {
    /// The directories synced, in order.
    final class Syncs: Sendable {
        let paths = Mutex<[String]>([])
        var all: [String] { paths.withLock { $0 } }
        var helper: DurableDirectories { DurableDirectories { path in self.paths.withLock { $0.append(path) } } }
    }

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-dirs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    @Test func aNestedPathSyncsTheParentOfEachDirectoryItCreates() throws {
        let base = try scratch()
        let syncs = Syncs()
        let created = try syncs.helper.create(base + "/a/b/c/")
        #expect(created == [base + "/a", base + "/a/b", base + "/a/b/c"])
        #expect(syncs.all == [base, base + "/a", base + "/a/b"])
        #expect(isDirectory(base + "/a/b/c"))
    }

    @Test func anExistingPathCostsNoSync() throws {
        let base = try scratch()
        let syncs = Syncs()
        #expect(try syncs.helper.create(base).isEmpty)
        try syncs.helper.create(base + "/x")
        #expect(try syncs.helper.create(base + "/x").isEmpty)
        #expect(syncs.all == [base])
    }

    @Test func childrenAreSyncedOnceAndOnlyWhenOneIsNew() throws {
        let base = try scratch()
        let syncs = Syncs()
        #expect(try syncs.helper.createChildren(["00", "01", "tmp"], in: base) == 3)
        #expect(syncs.all == [base])
        #expect(try syncs.helper.createChildren(["00", "01", "tmp"], in: base) == 0)
        #expect(syncs.all == [base])
        try FileManager.default.removeItem(atPath: base + "/01")
        #expect(try syncs.helper.createChildren(["00", "01", "tmp"], in: base) == 1)
        #expect(syncs.all == [base, base])
    }

    @Test func aFileInTheWayIsAnErrorNotADirectory() throws {
        let base = try scratch()
        FileManager.default.createFile(atPath: base + "/file", contents: Data())
        #expect(throws: StorageError.self) { try DurableDirectories().create(base + "/file/below") }
        #expect(throws: StorageError.self) { try DurableDirectories().createChildren(["file"], in: base) }
    }

    @Test func theRealSyncOpensAndSyncsADirectory() throws {
        let base = try scratch()
        try DurableDirectories.fsyncDirectory(base)
        #expect(throws: StorageError.self) { try DurableDirectories.fsyncDirectory(base + "/missing") }
    }

    @Test func aNewStoreSyncsTheDataDirectoryAndItsBlobDirectoryOnce() async throws {
        let base = try scratch()
        let syncs = Syncs()
        let root = base + "/data/blobs"
        _ = try await FileBlobStore.open(directory: root, directories: syncs.helper)
        // data/ in base, blobs/ in data/, then the 256 shards and tmp/ in blobs/: one sync each.
        #expect(syncs.all == [base, base + "/data", root])
        #expect(isDirectory(root + "/ff") && isDirectory(root + "/tmp"))
        _ = try await FileBlobStore.open(directory: root, writes: false, directories: syncs.helper)
        #expect(syncs.all.count == 3)
    }
}
