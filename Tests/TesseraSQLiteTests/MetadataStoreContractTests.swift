import Foundation
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraSQLite

/// One contract, every `MetadataStore`: the in-memory reference and SQLite must agree.
let owner = Owner(id: "o1", displayName: "one")
let t0 = Timestamp(microseconds: 1_700_000_000_000_000)

func bucket(_ s: any MetadataStore, _ name: String = "bkt") async throws -> BucketName {
    let n = try BucketName(name)
    try await s.createBucket(Bucket(name: n, owner: owner, created: t0, region: ""))
    return n
}

func object(_ b: BucketName, _ key: String, blob: String = BlobID.generate().value, size: Int64 = 3) throws -> ObjectRecord {
    ObjectRecord(bucket: b, key: try ObjectKey(key), size: size, etag: ETag(hex: String(repeating: "a", count: 32)), lastModified: t0,
                 attributes: ObjectAttributes(contentType: "text/plain", userMetadata: [MetadataEntry(name: "k", value: "ü ✓")]),
                 checksums: [Checksum(algorithm: .crc32, base64: "DUoRhQ==")], manifest: [Segment(blob: BlobID(blob), size: size)], owner: owner)
}

func upload(_ b: BucketName, _ key: String, _ id: String, dialect: Dialect = .s3) throws -> Upload {
    Upload(bucket: b, key: try ObjectKey(key), id: UploadID(id), initiated: t0, lastActivity: t0, owner: owner, initiator: owner,
           dialect: dialect, checksumAlgorithm: .crc32, blockSize: dialect == .ufile ? 4_194_304 : nil, attributes: ObjectAttributes())
}

func part(_ u: Upload, _ n: Int, blob: String, size: Int64 = 10) -> Part {
    Part(uploadID: u.id, number: PartNumber(trusted: n), size: size, etag: ETag(hex: String(repeating: "b", count: 32)),
         checksums: [Checksum(algorithm: .crc32, base64: "AAAAAA==")], blob: BlobID(blob), lastModified: t0.adding(seconds: Int64(n)))
}

@Suite struct MetadataStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func credentials(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let c = Credential(accessKey: "AK", secretKey: "SK", owner: owner, isAdmin: true, created: t0)
        try await s.addCredential(c)
        #expect(try await s.credential(accessKey: "AK") == c)
        #expect(try await s.credential(accessKey: "nope") == nil)
        await #expect(throws: StorageError.self) { try await s.addCredential(c) }
        #expect(try await s.credentials() == [c])
    }

    @Test(arguments: StoreKind.allCases)
    func buckets(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        do {
            _ = try await bucket(s)
            Issue.record("duplicate bucket accepted")
        } catch let e as StorageError {
            #expect(e.code == .bucketAlreadyExists)
            #expect(e.context.owner == owner.id)
        }
        #expect(try await s.buckets().map(\.name) == [b])
        try await s.createUpload(try upload(b, "k", "u1"))
        await #expect(throws: StorageError.self) { try await s.deleteBucket(b) }
        try await s.abortUpload(bucket: b, id: UploadID("u1"))
        try await s.putObject(try object(b, "k"))
        await #expect(throws: StorageError.self) { try await s.deleteBucket(b) }
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("k")))
        try await s.deleteBucket(b)
        #expect(try await s.bucket(b) == nil)
        await #expect(throws: StorageError.noSuchBucket("bkt")) { try await s.deleteBucket(b) }
    }

    @Test(arguments: StoreKind.allCases)
    func objectsRoundTripAndReplaceQueuesGarbage(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var first = try object(b, "dir/ü", blob: "blob1")
        first.ufileETag = "AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt"
        try await s.putObject(first)
        #expect(try await s.object(bucket: b, key: try ObjectKey("dir/ü")) == first)
        try await s.putObject(try object(b, "dir/ü", blob: "blob2"))
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob) == [BlobID("blob1")])
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("dir/ü")))
        #expect(try await !s.deleteObject(bucket: b, key: try ObjectKey("dir/ü")))
        let garbage = try await s.pendingGarbage(limit: 10)
        #expect(garbage.map(\.blob) == [BlobID("blob1"), BlobID("blob2")])
        try await s.removeGarbage([garbage[0].sequence])
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob) == [BlobID("blob2")])
        await #expect(throws: StorageError.noSuchBucket("nobucket")) { try await s.putObject(try object(try BucketName("nobucket"), "x")) }
        await #expect(throws: StorageError.noSuchBucket("nobucket")) { try await s.createUpload(try upload(try BucketName("nobucket"), "x", "u")) }
    }

    @Test(arguments: StoreKind.allCases)
    func inlineContentRoundTripsAndIsNotListed(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var small = try object(b, "small", size: 5)
        small.manifest = []
        small.inlineContent = [0, 1, 2, 0xFF, 0]
        var empty = try object(b, "empty", size: 0)
        empty.manifest = []
        empty.inlineContent = []
        // A write reports whether it queued garbage: a new key and a replaced inline object do not.
        #expect(try await s.putObject(try object(b, "small", blob: "was-a-blob"), condition: .none) == false)
        #expect(try await s.putObject(small, condition: .none) == true)
        #expect(try await s.putObject(small, condition: .none) == false)
        #expect(try await s.putObject(empty, condition: .none) == false)
        #expect(try await s.object(bucket: b, key: try ObjectKey("small")) == small)
        #expect(try await s.object(bucket: b, key: try ObjectKey("empty")) == empty)
        var listed = small
        listed.inlineContent = nil
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: Array("sm".utf8), limit: 10) == [listed])
        // The replaced blob is garbage; the inline object leaves none when deleted.
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("small")))
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob) == [BlobID("was-a-blob")])
    }

    /// A listing page reads no manifest (ListObjects renders none); a migration reads them all,
    /// however long (30 parts: SQLite keeps such a manifest in a row of its own).
    @Test(arguments: StoreKind.allCases)
    func listedManifestsOnlyWhenAskedFor(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var multipart = try object(b, "multi", size: 30)
        multipart.uploadID = UploadID("u1")
        multipart.manifest = (1...30).map { n in
            Segment(blob: BlobID("part-\(n)"), size: 10, checksum: Checksum(algorithm: .crc32, base64: "AAAAA\(n)==")) }
        try await s.putObject(multipart)
        let whole = try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: true)
        #expect(whole == [multipart])
        var listed = multipart
        listed.manifest = []
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: false) == [listed])
        #expect(try await s.object(bucket: b, key: try ObjectKey("multi")) == multipart)
    }

    @Test(arguments: StoreKind.allCases)
    func listingOrdersByUTF8BytesAndHonoursPositions(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let keys = ["a", "a/", "a/b", "a0", "b", "é", "😀", "\u{7F}", "Z", "a b", "a+b", "日本"]
        for k in keys.shuffled() { try await s.putObject(try object(b, k)) }
        let sorted = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        func list(_ p: IndexPosition, _ prefix: String = "", _ limit: Int = 100) async throws -> [String] {
            try await s.listObjects(bucket: b, from: p, prefix: Array(prefix.utf8), limit: limit).map(\.key.value)
        }
        #expect(try await list(.start) == sorted)
        #expect(try await list(.start, "a") == sorted.filter { $0.hasPrefix("a") })
        #expect(try await list(.keyAfter(Array("a/".utf8))) == Array(sorted.drop { $0.utf8.lexicographicallyPrecedes("a/".utf8) || $0 == "a/" }))
        #expect(try await list(.keyAtLeast(KeyBytes.successor(of: Array("a/".utf8))!)) == ["a0", "b", "\u{7F}", "é", "日本", "😀"])
        #expect(try await list(.start, "", 3) == Array(sorted.prefix(3)))
        #expect(try await list(.keyAtLeast(Array("é".utf8)), "é") == ["é"])
    }

    @Test(arguments: StoreKind.allCases)
    func uploadsPartsAndCounters(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        for (k, id) in [("k", "2"), ("k", "1"), ("j", "9"), ("k/x", "0"), ("l", "5")] { try await s.createUpload(try upload(b, k, id)) }
        func ids(_ p: IndexPosition, _ prefix: String = "") async throws -> [String] {
            try await s.listUploads(bucket: b, from: p, prefix: Array(prefix.utf8), limit: 100).map { "\($0.key.value)#\($0.id.value)" }
        }
        #expect(try await ids(.start) == ["j#9", "k#1", "k#2", "k/x#0", "l#5"])
        #expect(try await ids(.after(key: Array("k".utf8), id: "1")) == ["k#2", "k/x#0", "l#5"])
        #expect(try await ids(.keyAfter(Array("k".utf8))) == ["k/x#0", "l#5"])
        #expect(try await ids(.start, "k") == ["k#1", "k#2", "k/x#0"])
        let u = try upload(b, "k", "1")
        #expect(try await s.putPart(part(u, 2, blob: "p2"), bucket: b) == false)
        #expect(try await s.putPart(part(u, 1, blob: "p1a", size: 5), bucket: b) == false)
        #expect(try await s.putPart(part(u, 1, blob: "p1b", size: 7), bucket: b) == true)  // p1a queued
        let stored = try #require(try await s.upload(bucket: b, id: u.id))
        #expect(stored.partCount == 2 && stored.bytes == 17)
        #expect(stored.lastActivity == t0.adding(seconds: 2))
        #expect(stored.checksumAlgorithm == .crc32)
        #expect(try await s.parts(uploadID: u.id, after: 0, limit: 10).map(\.blob.value) == ["p1b", "p2"])
        #expect(try await s.parts(uploadID: u.id, after: 1, limit: 10).map(\.number.value) == [2])
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob.value) == ["p1a"])
        await #expect(throws: StorageError.noSuchUpload("nope")) {
            try await s.putPart(part(try upload(b, "k", "nope"), 1, blob: "x"), bucket: b)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func completeIsAllOrNothing(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let u = try upload(b, "k", "u")
        try await s.createUpload(u)
        try await s.putPart(part(u, 1, blob: "p1"), bucket: b)
        try await s.putPart(part(u, 2, blob: "p2"), bucket: b)
        try await s.putObject(try object(b, "k", blob: "old"))
        _ = try await s.removeGarbage(s.pendingGarbage(limit: 10).map(\.sequence))
        // A build that throws changes nothing.
        await #expect(throws: StorageError.self) {
            _ = try await s.completeUpload(bucket: b, id: u.id) { _, _ in throw StorageError(.invalidPart, "no") }
        }
        #expect(try await s.upload(bucket: b, id: u.id) != nil)
        #expect(try await s.pendingGarbage(limit: 10).isEmpty)
        // A build that uses part 1 only: part 2's blob and the replaced object's blob are queued.
        let commit = try await s.completeUpload(bucket: b, id: u.id) { up, parts in
            #expect(parts.map(\.number.value) == [1, 2])
            var o = try object(b, "k", blob: "p1", size: 10)
            o.uploadID = up.id
            let r = CompletionReceipt(bucket: b, uploadID: up.id, key: up.key, etag: ETag(hex: String(repeating: "c", count: 32), partCount: 1),
                                      partsDigest: "d", size: 10, completed: t0)
            return CompletionCommit(object: o, receipt: r)
        }
        #expect(try await s.object(bucket: b, key: try ObjectKey("k")) == commit.object)
        #expect(try await s.upload(bucket: b, id: u.id) == nil)
        #expect(try await s.parts(uploadID: u.id, after: 0, limit: 10).isEmpty)
        #expect(Set(try await s.pendingGarbage(limit: 10).map(\.blob.value)) == ["p2", "old"])
        #expect(try await s.completionReceipt(bucket: b, id: u.id) == commit.receipt)
        await #expect(throws: StorageError.noSuchUpload("u")) {
            _ = try await s.completeUpload(bucket: b, id: u.id) { _, _ in throw StorageError(.internalError, "unreachable") }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func abortQueuesParts(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let u = try upload(b, "k", "u", dialect: .ufile)
        try await s.createUpload(u)
        #expect(try await s.upload(bucket: b, id: u.id)?.blockSize == 4_194_304)
        try await s.putPart(part(u, 1, blob: "p1"), bucket: b)
        try await s.abortUpload(bucket: b, id: u.id)
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob.value) == ["p1"])
        await #expect(throws: StorageError.noSuchUpload("u")) { try await s.abortUpload(bucket: b, id: u.id) }
    }

    @Test(arguments: StoreKind.allCases)
    func lifecycleIsStoredWithTheBucket(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let rules = try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "a", enabled: true, prefix: "tmp/", abortIncompleteUpload: AbortIncompleteUpload(days: 2, basis: .initiation)),
            try LifecycleRule(id: "b", enabled: false, prefix: "", abortIncompleteUpload: AbortIncompleteUpload(days: 9, basis: .lastActivity)),
            try LifecycleRule(id: "c", enabled: true, prefix: "logs/", tags: [ObjectTag(key: "k", value: "v")], objectSizeGreaterThan: 10,
                              objectSizeLessThan: 99, abortIncompleteUpload: nil, expiration: .days(30)),
            try LifecycleRule(id: "d", enabled: true, prefix: "", abortIncompleteUpload: nil, expiration: .date(Timestamp(seconds: 1_798_761_600))),
        ])
        try await s.setLifecycle(rules, bucket: b)
        #expect(try await s.bucket(b)?.lifecycle == rules)
        try await s.setLifecycle(nil, bucket: b)
        #expect(try await s.bucket(b)?.lifecycle == nil)
        // A bucket's own tags, set and removed the same way.
        let tags = [ObjectTag(key: "team", value: "storage"), ObjectTag(key: "empty", value: "")]
        try await s.setTags(tags, bucket: b)
        #expect(try await s.bucket(b)?.tags == tags)
        #expect(try await s.buckets().first { $0.name == b }?.tags == tags)
        try await s.setTags(nil, bucket: b)
        #expect(try await s.bucket(b)?.tags == nil)
        await #expect(throws: StorageError.self) { try await s.setTags(tags, bucket: try BucketName("missing")) }
        // Its CORS rules, the same way.
        let cors = try CrossOriginConfiguration(rules: [
            CrossOriginRule(id: "up", allowedOrigins: ["https://*.example.com"], allowedMethods: ["PUT", "POST"], allowedHeaders: ["*"],
                            exposeHeaders: ["ETag"], maxAgeSeconds: 3000),
            CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"]),
        ])
        try await s.setCrossOrigin(cors, bucket: b)
        #expect(try await s.bucket(b)?.crossOrigin == cors)
        #expect(try await s.bucket(b)?.tags == nil)
        #expect(try await s.buckets().first { $0.name == b }?.crossOrigin == cors)
        try await s.setCrossOrigin(nil, bucket: b)
        #expect(try await s.bucket(b)?.crossOrigin == nil)
        await #expect(throws: StorageError.self) { try await s.setCrossOrigin(cors, bucket: try BucketName("missing")) }
        // Its public access block, the same way.
        let block = PublicAccessBlock(blockPublicACLs: true, ignorePublicACLs: false, blockPublicPolicy: true, restrictPublicBuckets: false)
        try await s.setPublicAccessBlock(block, bucket: b)
        #expect(try await s.bucket(b)?.publicAccessBlock == block)
        #expect(try await s.buckets().first { $0.name == b }?.publicAccessBlock == block)
        try await s.setPublicAccessBlock(nil, bucket: b)
        #expect(try await s.bucket(b)?.publicAccessBlock == nil)
        await #expect(throws: StorageError.self) { try await s.setPublicAccessBlock(block, bucket: try BucketName("missing")) }
        // Its object ownership, the same way.
        try await s.setObjectOwnership(.bucketOwnerEnforced, bucket: b)
        #expect(try await s.bucket(b)?.objectOwnership == .bucketOwnerEnforced)
        #expect(try await s.buckets().first { $0.name == b }?.objectOwnership == .bucketOwnerEnforced)
        try await s.setObjectOwnership(nil, bucket: b)
        #expect(try await s.bucket(b)?.objectOwnership == nil)
        // Its versioning state, the same way.
        #expect(try await s.bucket(b)?.versioning == nil)
        try await s.setVersioning(.suspended, bucket: b)
        #expect(try await s.bucket(b)?.versioning == .suspended)
        #expect(try await s.buckets().first { $0.name == b }?.versioning == .suspended)
        try await s.setVersioning(nil, bucket: b)
        #expect(try await s.bucket(b)?.versioning == nil)
        await #expect(throws: StorageError.self) { try await s.setVersioning(.suspended, bucket: try BucketName("missing")) }
        // Its policy, statements and document whole.
        let policy = BucketPolicy(document: "{\"Statement\": []}", statements: [
            PolicyStatement(allows: false, principals: PrincipalMatch(names: ["bob"], negated: true), actions: [.getObject, .listBucket],
                            resources: [ResourcePattern("\(b.value)/*")],
                            conditions: [PolicyCondition(.ipAddress, key: "aws:SourceIp", values: ["10.0.0.0/8"], ifExists: true)]),
        ])
        try await s.setPolicy(policy, bucket: b)
        #expect(try await s.bucket(b)?.policy == policy)
        #expect(try await s.buckets().first { $0.name == b }?.policy == policy)
        try await s.setPolicy(nil, bucket: b)
        #expect(try await s.bucket(b)?.policy == nil)
        await #expect(throws: StorageError.self) { try await s.setPolicy(policy, bucket: try BucketName("missing")) }
        // Its access list kept as statements, the same way and apart from the policy.
        try await s.setAccessList(policy, bucket: b)
        #expect(try await s.bucket(b)?.accessList == policy)
        #expect(try await s.bucket(b)?.policy == nil)
        try await s.setAccessList(nil, bucket: b)
        #expect(try await s.bucket(b)?.accessList == nil)
        await #expect(throws: StorageError.self) { try await s.setAccessList(policy, bucket: try BucketName("missing")) }
        await #expect(throws: StorageError.self) { try await s.setLifecycle(rules, bucket: try BucketName("missing")) }
    }

    @Test(arguments: StoreKind.allCases)
    func totalsFollowUploadsAndParts(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var u1 = try upload(b, "a", "u1")
        u1.initiated = t0.adding(seconds: 50)
        let u2 = try upload(b, "b", "u2")
        try await s.createUpload(u1)
        try await s.createUpload(u2)
        try await s.putPart(part(u1, 1, blob: "p1", size: 10), bucket: b)
        try await s.putPart(part(u1, 2, blob: "p2", size: 20), bucket: b)
        try await s.putPart(part(u1, 2, blob: "p3", size: 5), bucket: b)
        try await s.putPart(part(u2, 1, blob: "p4", size: 7), bucket: b)
        #expect(try await s.uploadTotals() == [UploadTotals(bucket: b, uploads: 2, parts: 3, bytes: 22, oldestInitiated: t0)])
        let aborted = try await s.abortUpload(bucket: b, id: u2.id)
        #expect(aborted.bytes == 7 && aborted.partCount == 1)
        #expect(try await s.uploadTotals() == [UploadTotals(bucket: b, uploads: 1, parts: 2, bytes: 15, oldestInitiated: u1.initiated)])
        _ = try await s.completeUpload(bucket: b, id: u1.id) { up, parts in
            CompletionCommit(object: try object(b, "a", size: 15),
                             receipt: CompletionReceipt(bucket: b, uploadID: up.id, key: up.key, etag: ETag(hex: "00"), partsDigest: "", size: 15, completed: t0))
        }
        #expect(try await s.uploadTotals() == [UploadTotals(bucket: b, uploads: 0, parts: 0, bytes: 0, oldestInitiated: nil)])
    }

    @Test(arguments: StoreKind.allCases)
    func timeWalkReadsOnlyUpToTheCutoff(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var all: [Upload] = []
        for i in 0..<30 {
            var u = try upload(b, i % 2 == 0 ? "tmp/\(i)" : "keep/\(i)", String(format: "u%02d", i))
            u.initiated = t0.adding(seconds: Int64(i / 3))  // ties on time, broken by id
            u.lastActivity = t0.adding(seconds: Int64(100 - i))
            try await s.createUpload(u)
            all.append(u)
        }
        let criterion = ExpiryCriterion(basis: .initiation, cutoff: t0.adding(seconds: 5), prefix: Array("tmp/".utf8))
        var seen: [Upload] = []
        var visited = 0
        var cursor: AgeCursor?
        repeat {
            let batch = try await s.uploadsByAge(bucket: b, criterion: criterion, after: cursor, limit: 4)
            seen += batch.uploads
            visited += batch.visited
            cursor = batch.next
        } while cursor != nil
        #expect(visited == 18)  // initiated at t0...t0+5: 6 seconds x 3 uploads
        #expect(seen.map(\.id) == all.filter(criterion.selects).map(\.id))
        let byActivity = ExpiryCriterion(basis: .lastActivity, cutoff: t0.adding(seconds: 75), prefix: [])
        let aborted = try await s.abortUploadsByAge(bucket: b, criterion: byActivity, after: nil, limit: 100)
        #expect(aborted.uploads.map(\.id) == all.filter(byActivity.selects).sorted { $0.lastActivity < $1.lastActivity }.map(\.id))
        #expect(aborted.next == nil)
        #expect(try await s.uploadTotals().first?.uploads == 30 - aborted.uploads.count)
    }
}
