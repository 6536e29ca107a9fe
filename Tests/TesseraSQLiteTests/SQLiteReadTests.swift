import Dispatch
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraSQLite

/// The SQLite store's reads without GRDB's transaction around each: a listing's reads still share
/// one committed state, and a read of one statement never sees an older state than the last commit.
@Suite struct SQLiteReadTests {
    @Test func theReadsOfOneListingSeeOneCommittedState() async throws {
        let s = try await StoreKind.sqlite.make()
        let b = try await bucket(s)
        for n in 0..<3 { try await s.createUpload(try upload(b, "k\(n)", "u\(n)")) }
        let written = DispatchSemaphore(value: 0)
        let (before, after) = try await s.readUploadIndex(bucket: b) { reader in
            let before = try reader.read(IndexRange(position: .start, prefix: [], limit: 100)).count
            // Another writer commits between the two reads of this one listing.
            Task.detached {
                try await s.createUpload(try upload(b, "k9", "u9"))
                written.signal()
            }
            written.wait()
            let after = try reader.read(IndexRange(position: .start, prefix: [], limit: 100)).count
            return (before, after)
        }
        #expect(before == 3)
        #expect(after == 3, "the second read of a listing saw a commit made after its first")
        #expect(try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 100).count == 4)
    }

    @Test func everyReadSeesTheLastCommit() async throws {
        let s = try await StoreKind.sqlite.make()
        let b = try await bucket(s)
        let u = try upload(b, "k", "u")
        try await s.createUpload(u)
        // Alternate writes and reads on the pool's reader connections: a read that kept its
        // statement's transaction open would show an older state on that connection's next read.
        for n in 1...40 {
            try await s.putPart(part(u, n, blob: "b\(n)"), bucket: b)
            #expect(try await s.upload(bucket: b, id: u.id)?.partCount == n)
            #expect(try await s.parts(uploadID: u.id, after: 0, limit: 1000).count == n)
            _ = try await s.parts(uploadID: u.id, after: 0, limit: 1)  // stops before the last row
        }
        try await s.abortUpload(bucket: b, id: u.id)
        #expect(try await s.upload(bucket: b, id: u.id) == nil)
    }
}
