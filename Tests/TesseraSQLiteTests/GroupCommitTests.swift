import Foundation
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraSQLite

/// Group commit and the record caches of the SQLite store: concurrent writers share commits,
/// yet each one's failure undoes only its own changes, and cached records follow every change.
@Suite struct GroupCommitTests {
    func path() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("m.sqlite").path
    }

    enum Outcome: Sendable, Equatable { case created(String), failed }

    @Test func concurrentWritersCommitAndAFailureUndoesOnlyItsOwnChanges() async throws {
        let file = try path()
        let store = try SQLiteMetadataStore(path: file)
        let b = try await bucket(store)
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for i in 0..<300 {
                group.addTask {
                    switch i % 3 {
                    case 0:
                        try await store.createUpload(try upload(b, "k\(i % 7)", "ok-\(i)"))
                        return .created("ok-\(i)")
                    case 1:
                        // The first insert succeeds inside the transaction, the duplicate fails:
                        // the first must be undone with it.
                        let u = try upload(b, "k", "dup-\(i)")
                        do { try await store.createUploads([u, u]) } catch { return .failed }
                        return .created(u.id.value)
                    default:
                        let ghost = try upload(b, "k", "ghost-\(i)")
                        do { try await store.putPart(part(ghost, 1, blob: "blob-\(i)"), bucket: b) } catch let e as StorageError {
                            #expect(e.code == .noSuchUpload)
                            return .failed
                        }
                        return .created("ghost-\(i)")
                    }
                }
            }
            var all: [Outcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        let expected = Set(outcomes.compactMap { if case .created(let id) = $0 { id } else { nil } })
        #expect(expected == Set((0..<300).filter { $0 % 3 == 0 }.map { "ok-\($0)" }))

        for s in [store, try SQLiteMetadataStore(path: file)] {
            let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 1_000)
            #expect(Set(listed.map(\.id.value)) == expected)
            let totals = try await s.uploadTotals()
            #expect(totals.map(\.uploads) == [expected.count])
            #expect(try await s.parts(uploadID: UploadID("ghost-2"), after: 0, limit: 10).isEmpty)
        }
    }

    @Test func cachedBucketsAndKeysFollowEveryChange() async throws {
        let file = try path()
        let store = try SQLiteMetadataStore(path: file)
        let b = try await bucket(store)
        #expect(try await store.bucket(b)?.lifecycle == nil)
        let rules = try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "r", enabled: true, prefix: "", abortIncompleteUpload: AbortIncompleteUpload(days: 2, basis: .initiation)),
        ])
        try await store.setLifecycle(rules, bucket: b)
        #expect(try await store.bucket(b)?.lifecycle == rules)
        try await store.deleteBucket(b)
        #expect(try await store.bucket(b) == nil)
        let other = Owner(id: "o2", displayName: "two")
        try await store.createBucket(Bucket(name: b, owner: other, created: t0, region: "r2"))
        #expect(try await store.bucket(b)?.owner == other)

        // A key added by another process (the `tessera user add` command) is found at once.
        #expect(try await store.credential(accessKey: "AKOTHER") == nil)
        let c = Credential(accessKey: "AKOTHER", secretKey: "s", owner: other, isAdmin: false, created: t0)
        try await SQLiteMetadataStore(path: file).addCredential(c)
        #expect(try await store.credential(accessKey: "AKOTHER") == c)
    }
}

/// A writer alone in its batch runs without a savepoint: its failure must still undo all of its
/// own changes, and the writes after it must commit as usual.
@Suite struct GroupCommitAloneTests {
    @Test func aLoneFailedWriteLeavesNothingAndTheNextCommits() async throws {
        let store = try SQLiteMetadataStore(path: try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path)
        let b = try await bucket(store)
        for i in 0..<20 {
            // The first insert succeeds inside the transaction, the duplicate fails: nothing stays.
            let u = try upload(b, "k", "dup-\(i)")
            await #expect(throws: (any Error).self) { try await store.createUploads([u, u]) }
            try await store.createUpload(try upload(b, "k", "ok-\(i)"))
            let ghost = try upload(b, "k", "ghost-\(i)")
            await #expect(throws: StorageError.noSuchUpload("ghost-\(i)")) { try await store.putPart(part(ghost, 1, blob: "g\(i)"), bucket: b) }
        }
        let listed = try await store.listUploads(bucket: b, from: .start, prefix: [], limit: 100)
        #expect(Set(listed.map(\.id.value)) == Set((0..<20).map { "ok-\($0)" }))
        #expect(try await store.uploadTotals().map(\.uploads) == [20])
        #expect(try await store.pendingGarbage(limit: 10).isEmpty)
    }
}
