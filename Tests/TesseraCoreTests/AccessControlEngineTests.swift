import NIOCore
import Testing
@testable import TesseraCore

/// The engine's access decisions: the owner always, others by grant, anonymous only by AllUsers.
@Suite struct AccessControlEngineTests {
    let bucket = try! BucketName("acl-bkt")
    let carol = Owner(id: "carol-id", displayName: "carol")

    func put(_ e: Engine, _ key: String, acl: AccessControlList? = nil, caller: Owner = alice) async throws {
        _ = try await e.putObject(bucket: bucket, key: try ObjectKey(key), body: .buffers([bytes(5)]), declaredLength: 5,
                                  attributes: ObjectAttributes(acl: acl), check: .none, caller: caller)
    }

    @Test func ownerGrantsAndAnonymous() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        try await put(e, "pub", acl: CannedACL.publicRead.list)
        try await put(e, "priv")
        #expect(try await e.headObject(bucket: bucket, key: try ObjectKey("pub"), caller: .anonymous).size == 5)
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.headObject(bucket: bucket, key: try ObjectKey("priv"), caller: .anonymous) }
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.headObject(bucket: bucket, key: try ObjectKey("none"), caller: carol) }
        await #expect(throws: StorageError.accessDenied()) { try await put(e, "x", caller: carol) }
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.createBucket(try BucketName("anon-made"), region: "", caller: .anonymous) }
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.listBuckets(caller: .anonymous) }
        try await e.setBucketACL(bucket, AccessControlList(grants: [Grant(.user(id: carol.id), .write)]), caller: alice)
        try await put(e, "by-carol", caller: carol)
        // Carol owns what she wrote; the bucket owner reads it too; the ACL of it is hers to read.
        #expect(try await e.objectACL(bucket: bucket, key: try ObjectKey("by-carol"), caller: carol).owner == carol)
        #expect(try await e.headObject(bucket: bucket, key: try ObjectKey("by-carol"), caller: alice).owner == carol)
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.bucketACL(bucket, caller: carol) }
        await #expect(throws: StorageError.accessDenied()) { try await e.deleteBucket(bucket, caller: carol) }
        await #expect(throws: StorageError.accessDenied()) {
            _ = try await e.listObjects(bucket: bucket, query: ListingQuery(limit: 10), caller: carol)
        }
    }
}
