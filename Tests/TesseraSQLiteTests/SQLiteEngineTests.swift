import Foundation
import NIOCore
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraSQLite

/// The engine over SQLite: the data survives reopening the database.
@Suite struct SQLiteEngineTests {
    @Test func stateSurvivesReopen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.sqlite").path
        let blobs = InMemoryBlobStore()
        var ids: [UploadID] = []
        do {
            let e = Engine(metadata: try SQLiteMetadataStore(path: path), blobs: blobs)
            let b = try BucketName("bkt")
            _ = try await e.createBucket(b, region: "", caller: owner)
            for i in 0..<20 {
                ids.append(try await e.createMultipartUpload(bucket: b, key: try ObjectKey("k\(i % 3)"), attributes: .init(),
                                                             checksumAlgorithm: nil, dialect: .s3, caller: owner).upload.id)
            }
        }
        let e = Engine(metadata: try SQLiteMetadataStore(path: path), blobs: blobs)
        let page = try await e.listMultipartUploads(bucket: try BucketName("bkt"), query: ListingQuery(), caller: owner)
        #expect(page.items.count == 20)
        #expect(Set(page.items.map(\.id)) == Set(ids))
        let k0 = page.items.filter { $0.key.value == "k0" }
        #expect(k0.map(\.initiated) == k0.map(\.initiated).sorted())
    }
}

/// Accounting and the reaper over SQLite: totals equal a recount after random operations and
/// after reopening; a reaper racing Complete or Abort handles each upload exactly once.
@Suite struct SQLiteLifecycleTests {
    static let day: Int64 = 86_400 * 1_000_000

    final class Clock: WallClock, @unchecked Sendable {
        var current = Timestamp(microseconds: 1_790_000_000_000_000)
        func now() -> Timestamp { current }
    }

    func path() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("m.sqlite").path
    }

    func recount(_ e: Engine, _ buckets: [BucketName]) async throws -> [UploadTotals] {
        var out: [UploadTotals] = []
        for b in buckets {
            var uploads: [Upload] = []
            var position = IndexPosition.start
            while true {
                let page = try await e.metadata.listUploads(bucket: b, from: position, prefix: [], limit: 100)
                uploads += page
                guard let last = page.last, page.count == 100 else { break }
                position = .after(key: Array(last.key.value.utf8), id: last.id.value)
            }
            var parts = 0
            var bytes: Int64 = 0
            for u in uploads {
                let ps = try await e.metadata.parts(uploadID: u.id, after: 0, limit: 10_000)
                parts += ps.count
                bytes += ps.reduce(0) { $0 + $1.size }
            }
            out.append(UploadTotals(bucket: b, uploads: uploads.count, parts: parts, bytes: bytes, oldestInitiated: uploads.map(\.initiated).min()))
        }
        return out
    }

    @Test func totalsEqualARecountAfterRandomOperationsAndAReopen() async throws {
        let file = try path()
        let blobs = InMemoryBlobStore()
        let clock = Clock()
        let buckets = [try BucketName("bkt1"), try BucketName("bkt2")]
        var rng = SystemRandomNumberGenerator()
        do {
            let e = Engine(metadata: try SQLiteMetadataStore(path: file), blobs: blobs, clock: clock)
            for b in buckets { _ = try await e.createBucket(b, region: "", caller: owner) }
            var live: [(BucketName, Upload)] = []
            for step in 0..<300 {
                clock.current = clock.current.adding(seconds: 1)
                let b = buckets.randomElement(using: &rng)!
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<3:
                    let u = try await e.createMultipartUpload(bucket: b, key: try ObjectKey("k\(step % 17)"), attributes: .init(),
                                                              checksumAlgorithm: nil, dialect: .bos, caller: owner).upload
                    live.append((b, u))
                case 3..<8 where !live.isEmpty:
                    let (ub, u) = live.randomElement(using: &rng)!
                    let size = Int.random(in: 0...300_000, using: &rng)
                    _ = try await e.uploadPart(bucket: ub, key: u.key, uploadID: u.id, number: try PartNumber(Int.random(in: 1...4, using: &rng)),
                                               body: .buffers([ByteBuffer(repeating: 1, count: size)]), declaredLength: Int64(size), check: .none, caller: owner)
                case 8 where !live.isEmpty:
                    let (ub, u) = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
                    try await e.abortMultipartUpload(bucket: ub, key: u.key, uploadID: u.id, caller: owner)
                case 9 where !live.isEmpty:
                    let (ub, u) = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
                    let parts = try await e.metadata.parts(uploadID: u.id, after: 0, limit: 100)
                    if parts.isEmpty || parts.dropLast().contains(where: { $0.size < 100 * 1024 }) {
                        try await e.abortMultipartUpload(bucket: ub, key: u.key, uploadID: u.id, caller: owner)
                    } else {
                        _ = try await e.completeMultipartUpload(bucket: ub, key: u.key, uploadID: u.id,
                                                                parts: parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }, caller: owner)
                    }
                default: break
                }
            }
            #expect(try await e.uploadTotals() == (try await recount(e, buckets)))
        }
        let reopened = Engine(metadata: try SQLiteMetadataStore(path: file), blobs: blobs, clock: clock)
        let totals = try await reopened.uploadTotals()
        #expect(totals == (try await recount(reopened, buckets)))
        #expect(totals.contains { $0.uploads > 0 })
    }

    @Test func aReaperRacingCompleteAndAbortHandlesEachUploadOnce() async throws {
        let clock = Clock()
        let e = Engine(metadata: try SQLiteMetadataStore(path: try path()), blobs: InMemoryBlobStore(), clock: clock)
        let b = try BucketName("race")
        _ = try await e.createBucket(b, region: "", caller: owner)
        try await e.putBucketLifecycle(try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "r", enabled: true, prefix: "", abortIncompleteUpload: AbortIncompleteUpload(days: 1, basis: .initiation)),
        ]), bucket: b, caller: owner)
        var uploads: [Upload] = []
        for i in 0..<60 {
            let u = try await e.createMultipartUpload(bucket: b, key: try ObjectKey("k\(i)"), attributes: .init(), checksumAlgorithm: nil,
                                                      dialect: .s3, caller: owner).upload
            _ = try await e.uploadPart(bucket: b, key: u.key, uploadID: u.id, number: PartNumber(trusted: 1), body: .buffers([ByteBuffer(repeating: 2, count: 100)]),
                                       declaredLength: 100, check: .none, caller: owner)
            uploads.append(u)
        }
        clock.current = clock.current.adding(seconds: 3 * 86_400)
        let outcomes = try await withThrowingTaskGroup(of: (reaped: Int, completed: Int, aborted: Int).self) { group in
            group.addTask { (try await e.reapExpiredUploads(batchSize: 7).abortedUploads, 0, 0) }
            for (i, u) in uploads.enumerated() {
                group.addTask {
                    do {
                        if i % 2 == 0 {
                            let parts = try await e.metadata.parts(uploadID: u.id, after: 0, limit: 10)
                            _ = try await e.completeMultipartUpload(bucket: b, key: u.key, uploadID: u.id,
                                                                    parts: parts.map { RequestedPart(number: $0.number, etag: $0.etag.quoted) }, caller: owner)
                            return (0, 1, 0)
                        }
                        try await e.abortMultipartUpload(bucket: b, key: u.key, uploadID: u.id, caller: owner)
                        return (0, 0, 1)
                    } catch let error as StorageError where error.code == .noSuchUpload {
                        return (0, 0, 0)
                    }
                }
            }
            var sum = (reaped: 0, completed: 0, aborted: 0)
            for try await o in group { sum = (sum.reaped + o.reaped, sum.completed + o.completed, sum.aborted + o.aborted) }
            return sum
        }
        #expect(outcomes.reaped + outcomes.completed + outcomes.aborted == uploads.count)
        var objects = 0
        for u in uploads where try await e.metadata.object(bucket: b, key: u.key) != nil { objects += 1 }
        #expect(objects == outcomes.completed)
        #expect(try await e.uploadTotals() == [UploadTotals(bucket: b, uploads: 0, parts: 0, bytes: 0, oldestInitiated: nil)])
    }
}
