import Testing
import TesseraTestSupport
@testable import TesseraCore

/// A bucket's object ownership: the bucket's owner takes what is written with
/// `bucket-owner-full-control` (preferred) or everything, with ACLs off (enforced).
@Suite struct ObjectOwnershipTests {
    let bucket = try! BucketName("own")
    let bob = Owner(id: "bob", displayName: "bob")
    let ownerFull = AccessControlList(grants: [Grant(.bucketOwner, .fullControl)])

    func put(_ e: Engine, _ key: String, acl: AccessControlList? = nil, caller: Owner) async throws {
        var attributes = ObjectAttributes()
        attributes.acl = acl
        _ = try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([bytes(10)]), declaredLength: 10,
                                  attributes: attributes, check: .none, caller: caller)
    }

    func code(_ body: () async throws -> Void) async -> StorageError.Code? {
        do { try await body(); return nil } catch { return (error as? StorageError)?.code }
    }

    @Test func preferredGivesTheBucketOwnerWhatIsWrittenForIt() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", acl: AccessControlList(grants: [Grant(.user(id: "bob"), .write)]),
                                     objectOwnership: .bucketOwnerPreferred, caller: alice)
        try await put(e, "given", acl: ownerFull, caller: bob)
        try await put(e, "kept", caller: bob)
        #expect(try await e.objectACL(bucket: bucket, key: try ObjectKey("given"), caller: alice).owner == alice)
        #expect(try await e.objectACL(bucket: bucket, key: try ObjectKey("kept"), caller: alice).owner == bob)
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("kept"), caller: bob)
        #expect(await code { _ = try await e.headObject(bucket: self.bucket, key: try ObjectKey("given"), caller: self.bob) } == .accessDenied)
    }

    @Test func enforcedTurnsACLsOff() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", acl: AccessControlList(grants: [Grant(.user(id: "bob"), .write)]), caller: alice)
        try await put(e, "bobs", acl: AccessControlList(grants: [Grant(.allUsers, .read)]), caller: bob)
        // Not while the bucket's ACL grants anything.
        #expect(await code { try await e.setObjectOwnership(.bucketOwnerEnforced, bucket: self.bucket, caller: alice) } == .invalidRequest)
        try await e.setBucketACL(bucket, .private, caller: alice)
        try await e.setObjectOwnership(.bucketOwnerEnforced, bucket: bucket, caller: alice)
        #expect(try await e.objectOwnership(bucket: bucket, caller: alice) == .bucketOwnerEnforced)
        // Every object is the bucket owner's; grants and the writer's own access are gone.
        let policy = try await e.objectACL(bucket: bucket, key: try ObjectKey("bobs"), caller: alice)
        #expect(policy.owner == alice && policy.acl == .private)
        #expect(await code { _ = try await e.headObject(bucket: self.bucket, key: try ObjectKey("bobs"), caller: .anonymous) } == .accessDenied)
        #expect(await code { _ = try await e.headObject(bucket: self.bucket, key: try ObjectKey("bobs"), caller: self.bob) } == .accessDenied)
        // Setting an ACL is refused, bucket-owner-full-control excepted; what is written is the owner's.
        #expect(await code { try await self.put(e, "x", acl: .private, caller: alice) } == .aclNotSupported)
        #expect(await code { try await e.setBucketACL(self.bucket, AccessControlList(grants: [Grant(.allUsers, .read)]), caller: alice) } == .aclNotSupported)
        #expect(await code { try await e.setObjectACL(bucket: self.bucket, key: try ObjectKey("bobs"), .private, caller: alice) } == .aclNotSupported)
        try await put(e, "y", acl: ownerFull, caller: alice)
        try await put(e, "z", caller: alice)
        // Back to the writer's ownership: the old grants count again.
        try await e.setObjectOwnership(nil, bucket: bucket, caller: alice)
        _ = try await e.headObject(bucket: bucket, key: try ObjectKey("bobs"), caller: .anonymous)
        #expect(await code { _ = try await e.objectOwnership(bucket: self.bucket, caller: alice) } == .noSuchConfiguration)
        // ACLs off at creation, with grants: refused.
        #expect(await code { _ = try await e.createBucket(try BucketName("other"), region: "", acl: AccessControlList(grants: [Grant(.allUsers, .read)]),
                                                          objectOwnership: .bucketOwnerEnforced, caller: alice) } == .invalidRequest)
    }
}
