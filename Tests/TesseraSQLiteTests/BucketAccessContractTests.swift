import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraSQLite

/// Every MetadataStore keeps who may read a bucket without credentials (UFile's bucket Type) and
/// the S3 ACLs of buckets and objects.
@Suite struct BucketAccessContractTests {
    @Test(arguments: StoreKind.allCases)
    func aclsAreStoredAndReplaced(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        #expect(try await s.bucket(b)?.acl == .private)
        let acl = AccessControlList(grants: [Grant(.allUsers, .read), Grant(.user(id: "carol"), .write), Grant(.bucketOwner, .fullControl)])
        try await s.setACL(acl, bucket: b)
        #expect(try await s.bucket(b)?.acl == acl)
        var o = try object(b, "k")
        o.attributes.acl = CannedACL.publicRead.list
        try await s.putObject(o)
        #expect(try await s.object(bucket: b, key: o.key)?.attributes.acl == CannedACL.publicRead.list)
        try await s.setACL(acl, bucket: b, key: o.key, etag: o.etag)
        var expected = o
        expected.attributes.acl = acl
        #expect(try await s.object(bucket: b, key: o.key) == expected)
        // Private by its own ACL (an empty list) is kept apart from no ACL of its own (nil).
        try await s.setACL(.private, bucket: b, key: o.key, etag: o.etag)
        #expect(try await s.object(bucket: b, key: o.key)?.attributes.acl == .private)
        try await s.setACL(nil, bucket: b, key: o.key, etag: o.etag)
        #expect(try await s.object(bucket: b, key: o.key)?.attributes.acl == nil)
        // Another object has taken the key since: nothing changes.
        await #expect(throws: StorageError.noSuchKey("k")) {
            try await s.setACL(acl, bucket: b, key: o.key, etag: ETag(hex: String(repeating: "c", count: 32)))
        }
    }

    /// An object's tags go in with it, come back in order, and change in place beside its ACL and
    /// website redirect, only on the object they were meant for.
    @Test(arguments: StoreKind.allCases)
    func tagsAreStoredAndReplaced(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let tags = [ObjectTag(key: "project", value: "blue sky"), ObjectTag(key: "a\"b", value: "é\\n")]
        var o = try object(b, "k")
        o.attributes.tags = tags
        o.attributes.acl = CannedACL.publicRead.list
        o.attributes.websiteRedirectLocation = "/elsewhere.html"  // written by Foundation's coder, read back by every store
        try await s.putObject(o)
        #expect(try await s.object(bucket: b, key: o.key) == o)
        try await s.updateAttributes(bucket: b, key: o.key, etag: o.etag) { $0.tags = [ObjectTag(key: "only", value: "")] }
        var expected = o
        expected.attributes.tags = [ObjectTag(key: "only", value: "")]
        #expect(try await s.object(bucket: b, key: o.key) == expected)
        try await s.updateAttributes(bucket: b, key: o.key, etag: o.etag) { $0.tags = nil }
        expected.attributes.tags = nil
        #expect(try await s.object(bucket: b, key: o.key) == expected)
        await #expect(throws: StorageError.noSuchKey("k")) {
            try await s.updateAttributes(bucket: b, key: o.key, etag: ETag(hex: String(repeating: "c", count: 32))) { $0.tags = tags }
        }
        #expect(try await s.object(bucket: b, key: o.key) == expected)
    }

    @Test(arguments: StoreKind.allCases)
    func accessIsStoredAndChanged(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        #expect(try await s.bucket(b)?.access == .private)
        try await s.setAccess(.publicRead, bucket: b)
        #expect(try await s.bucket(b)?.access == .publicRead)
        #expect(try await s.buckets().map(\.access) == [.publicRead])
        let made = try BucketName("made-public")
        try await s.createBucket(Bucket(name: made, owner: owner, created: t0, region: "", access: .publicRead))
        #expect(try await s.bucket(made)?.access == .publicRead)
        await #expect(throws: StorageError.noSuchBucket("none")) { try await s.setAccess(.private, bucket: try BucketName("none")) }
    }
}

/// Removing credentials, and the cache that serves them: a lifetime bounds how long a change made
/// by another process goes unseen.
@Suite struct CredentialRemovalTests {
    @Test(arguments: StoreKind.allCases)
    func removeCredential(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let c = Credential(accessKey: "GONE", secretKey: "s", owner: owner, isAdmin: false, created: t0)
        try await s.addCredential(c)
        #expect(try await s.credential(accessKey: "GONE") == c)
        #expect(try await s.removeCredential(accessKey: "GONE"))
        #expect(try await s.credential(accessKey: "GONE") == nil)
        #expect(try await !s.removeCredential(accessKey: "GONE"))
    }

    @Test func cacheLifetime() async throws {
        let forever = RecordCache<String, Int>(), never = RecordCache<String, Int>(lifetime: .zero)
        for cache in [forever, never] { _ = try await cache.value("k") { 1 } }
        #expect(try await forever.value("k") { 2 } == 1)
        #expect(try await never.value("k") { 2 } == 2)
        forever.changed("k", to: nil)
        #expect(try await forever.value("k") { 3 } == 3)
    }
}
