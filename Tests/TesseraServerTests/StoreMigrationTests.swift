import Foundation
import Testing
import TesseraCore
import TesseraServer
import TesseraTestSupport

/// `tessera migrate`'s copy: every record arrives, whatever the two stores, in pages.
@Suite struct StoreMigrationTests {
    static let owner = Owner(id: "o1", displayName: "one")
    static let t0 = Timestamp(microseconds: 1_700_000_000_000_000)

    /// A source with a bit of everything, more than one page of each.
    static func populated() async throws -> any MetadataStore {
        let s = try await StoreKind.sqlite.make()
        try await s.addCredential(Credential(accessKey: "AK1", secretKey: "SK1", owner: owner, isAdmin: true, created: t0))
        try await s.addCredential(Credential(accessKey: "AK2", secretKey: "SK2", owner: Owner(id: "o2", displayName: "two"), isAdmin: false, created: t0.adding(seconds: 1)))
        for name in ["alpha", "beta"] {
            var bucket = Bucket(name: try BucketName(name), owner: owner, created: t0, region: "r")
            if name == "beta" {
                bucket.lifecycle = try LifecycleConfiguration(rules: [try LifecycleRule(id: "r", enabled: true, prefix: "tmp/", abortIncompleteUpload: AbortIncompleteUpload(days: 2, basis: .initiation))])
                bucket.access = .publicRead
                bucket.tags = [ObjectTag(key: "team", value: "storage")]
                bucket.crossOrigin = try CrossOriginConfiguration(rules: [CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"])])
                bucket.publicAccessBlock = PublicAccessBlock(blockPublicACLs: true, restrictPublicBuckets: true)
                bucket.objectOwnership = .bucketOwnerPreferred
                bucket.policy = BucketPolicy(document: "{}", statements: [
                    PolicyStatement(allows: true, principals: .anyone, actions: [.getObject], resources: [ResourcePattern("*")])])
                bucket.accessList = BucketPolicy(document: "[]", statements: [
                    PolicyStatement(allows: false, principals: PrincipalMatch(names: ["u"]), actions: [.listBucket], resources: [ResourcePattern("b")])])
            }
            try await s.createBucket(bucket)
            for i in 0..<7 {
                let key = try ObjectKey("obj/\(i)-ü")
                let inline = i % 2 == 0
                try await s.putObject(ObjectRecord(
                    bucket: bucket.name, key: key, size: 3, etag: ETag(hex: String(repeating: "a", count: 32)), lastModified: t0,
                    attributes: ObjectAttributes(contentType: "text/plain", userMetadata: [MetadataEntry(name: "m", value: "\(i)")]),
                    checksums: [], manifest: inline ? [] : [Segment(blob: BlobID("blob-\(name)-\(i)"), size: 3)], owner: owner,
                    inlineContent: inline ? Array("abc".utf8) : nil))
            }
            for i in 0..<5 {
                let upload = Upload(bucket: bucket.name, key: try ObjectKey("up/\(i % 2)"), id: UploadID("\(name)-u\(i)"), initiated: t0,
                                    lastActivity: t0, owner: owner, initiator: owner, dialect: i == 0 ? .ufile : .s3,
                                    checksumAlgorithm: .crc32, blockSize: i == 0 ? 4_194_304 : nil, attributes: ObjectAttributes(storageClass: "STANDARD_IA"))
                try await s.createUpload(upload)
                for n in 1...(i + 1) {
                    try await s.putPart(Part(uploadID: upload.id, number: PartNumber(trusted: n), size: Int64(10 * n),
                                             etag: ETag(hex: String(repeating: "b", count: 32)), checksums: [Checksum(algorithm: .crc32, base64: "AAAAAA==")],
                                             blob: BlobID("part-\(name)-\(i)-\(n)"), lastModified: t0.adding(seconds: Int64(n))), bucket: bucket.name)
                }
            }
        }
        try await s.queueGarbage([BlobID("queued")])
        try await s.recordBlobIntents([BlobID("announced")])
        return s
    }

    @Test(arguments: StoreKind.allCases)
    func everyRecordArrives(_ kind: StoreKind) async throws {
        let source = try await Self.populated()
        let destination = try await kind.make()
        let counts = try await StoreMigration(source: source, destination: destination, page: 3).run()
        #expect(counts.credentials == 2 && counts.buckets == 2 && counts.objects == 14 && counts.uploads == 10 && counts.parts == 30)
        #expect(try await destination.credentials() == source.credentials())
        #expect(try await destination.buckets() == source.buckets())
        for bucket in try await source.buckets() {
            for i in 0..<7 {
                let key = try ObjectKey("obj/\(i)-ü")
                #expect(try await destination.object(bucket: bucket.name, key: key) == source.object(bucket: bucket.name, key: key))
            }
            for i in 0..<5 {
                let id = UploadID("\(bucket.name.value)-u\(i)")
                #expect(try await destination.upload(bucket: bucket.name, id: id) == source.upload(bucket: bucket.name, id: id))
                #expect(try await destination.parts(uploadID: id, after: 0, limit: 100) == source.parts(uploadID: id, after: 0, limit: 100))
            }
        }
        #expect(try await destination.uploadTotals().map(\.uploads) == source.uploadTotals().map(\.uploads))
        #expect(try await destination.uploadTotals().map(\.bytes) == source.uploadTotals().map(\.bytes))
        #expect(Set(try await destination.pendingGarbage(limit: 10).map(\.blob.value)) == ["queued", "announced"])
        // Into a store that is not empty: refused, nothing copied twice.
        await #expect(throws: StorageError.self) { try await StoreMigration(source: source, destination: destination).run() }
    }
}
