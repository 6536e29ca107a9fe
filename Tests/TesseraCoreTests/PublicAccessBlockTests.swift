import Testing
import TesseraTestSupport
@testable import TesseraCore

/// A bucket's public access block: public ACLs refused when it blocks them, public grants (and a
/// public bucket's reads) ignored when it ignores them, and the rest as before.
@Suite struct PublicAccessBlockTests {
    let bucket = try! BucketName("pab")
    let bob = Owner(id: "bob", displayName: "bob")

    func setUp() async throws -> Engine {
        let (engine, _, _) = makeEngine()
        _ = try await engine.createBucket(bucket, region: "", caller: alice)
        return engine
    }

    func put(_ e: Engine, _ key: String, acl: AccessControlList? = nil, caller: Owner? = nil) async throws {
        var attributes = ObjectAttributes()
        attributes.acl = acl
        _ = try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([bytes(10)]), declaredLength: 10,
                                  attributes: attributes, check: .none, caller: caller ?? alice)
    }

    func denied(_ body: () async throws -> Void) async -> Bool {
        do { try await body(); return false } catch { return (error as? StorageError)?.code == .accessDenied }
    }

    @Test func blockingRefusesPublicACLsAndNothingElse() async throws {
        let e = try await setUp()
        let publicRead = AccessControlList(grants: [Grant(.allUsers, .read)])
        let signed = AccessControlList(grants: [Grant(.authenticatedUsers, .read)])
        let toBob = AccessControlList(grants: [Grant(.user(id: "bob"), .read)])
        try await e.setPublicAccessBlock(PublicAccessBlock(blockPublicACLs: true), bucket: bucket, caller: alice)
        #expect(await denied { try await self.put(e, "a", acl: publicRead) })
        #expect(await denied { try await self.put(e, "a", acl: signed) })
        #expect(await denied { try await e.setBucketACL(self.bucket, publicRead, caller: alice) })
        #expect(await denied { _ = try await e.createMultipartUpload(bucket: self.bucket, key: try ObjectKey("m"), attributes: ObjectAttributes(acl: publicRead),
                                                                       checksumAlgorithm: nil, dialect: .s3, caller: alice) })
        #expect(await denied { _ = try await e.setBucketAccess(self.bucket, .publicRead, caller: alice) })
        try await put(e, "b", acl: toBob)
        #expect(await denied { try await e.setObjectACL(bucket: self.bucket, key: try ObjectKey("b"), publicRead, caller: alice) })
        try await e.setBucketACL(bucket, toBob, caller: alice)
        // Nothing public was written.
        #expect(try await e.objectACL(bucket: bucket, key: try ObjectKey("b"), caller: alice).acl == toBob)
        await #expect(throws: StorageError.self) { try await e.headObject(bucket: self.bucket, key: try ObjectKey("a"), caller: alice) }
        // Lifted, the same writes go through.
        try await e.deletePublicAccessBlock(bucket: bucket, caller: alice)
        try await put(e, "a", acl: publicRead)
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("a"), caller: .anonymous)
    }

    @Test func ignoringTakesPublicGrantsAwayButNotOthers() async throws {
        let e = try await setUp()
        try await put(e, "open", acl: AccessControlList(grants: [Grant(.allUsers, .read)]))
        try await put(e, "for-bob", acl: AccessControlList(grants: [Grant(.user(id: "bob"), .read)]))
        try await e.setBucketACL(bucket, AccessControlList(grants: [Grant(.authenticatedUsers, .read), Grant(.user(id: "bob"), .write)]), caller: alice)
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("open"), caller: .anonymous)
        _ = try await e.listObjects(bucket: bucket, query: ListingQuery(), caller: bob)
        try await e.setPublicAccessBlock(PublicAccessBlock(ignorePublicACLs: true), bucket: bucket, caller: alice)
        #expect(await denied { _ = try await e.headObject(bucket: self.bucket, key: try ObjectKey("open"), caller: .anonymous) })
        #expect(await denied { _ = try await e.listObjects(bucket: self.bucket, query: ListingQuery(), caller: self.bob) })
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("for-bob"), caller: bob)
        try await put(e, "by-bob", caller: bob)  // bob's own WRITE grant stands
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("open"), caller: alice)
        // A public (UFile) bucket's reads are ignored too.
        try await e.deletePublicAccessBlock(bucket: bucket, caller: alice)
        _ = try await e.setBucketAccess(bucket, .publicRead, caller: alice)
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("for-bob"), caller: .anonymous)
        try await e.setPublicAccessBlock(PublicAccessBlock(ignorePublicACLs: true), bucket: bucket, caller: alice)
        #expect(await denied { _ = try await e.headObject(bucket: self.bucket, key: try ObjectKey("for-bob"), caller: .anonymous) })
        // Only the owner reads or changes the block.
        await #expect(throws: StorageError.self) { try await e.publicAccessBlock(bucket: self.bucket, caller: self.bob) }
        await #expect(throws: StorageError.self) { try await e.deletePublicAccessBlock(bucket: self.bucket, caller: self.bob) }
        #expect(try await e.publicAccessBlock(bucket: bucket, caller: alice) == PublicAccessBlock(ignorePublicACLs: true))
    }
}
