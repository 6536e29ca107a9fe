import Foundation
import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraSQLite

/// SQLite's process-wide settings are made before the process's first connection.
@Suite struct ProcessSettingsTests {
    /// With memory statistics on (SQLite's default), every allocation and free of SQLite's takes
    /// one mutex shared by all connections. After a store opened and wrote, SQLite has counted
    /// nothing. (Every SQLite connection of this test process is opened after
    /// `SQLiteMetadataStore.prepareProcess()`: by a store, or by a test that calls it first.)
    @Test func sqliteKeepsNoMemoryStatistics() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteMetadataStore(path: dir.appendingPathComponent("meta.db").path)
        try await store.createBucket(Bucket(name: BucketName(trusted: "settings"), owner: Owner(id: "o", displayName: "o"),
                                            created: Timestamp(microseconds: 0), region: "us-east-1"))
        #expect(!SQLiteMetadataStore.keepsMemoryStatistics)
    }
}
