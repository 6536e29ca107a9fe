import Testing
import TesseraCore
import TesseraServer

/// `tessera user`'s rules over any store: unique names, more keys per user, revoking and removing
/// without locking the admin out or orphaning buckets.
@Suite struct CredentialsTests {
    @Test func usersKeysAndTheirLimits() async throws {
        let store = InMemoryMetadataStore()
        let admin = try await Credentials.add(name: "admin", accessKey: "ADMIN", secretKey: "s", isAdmin: true, to: store)
        let bob = try await Credentials.addUser(name: "bob", accessKey: "BOB1", secretKey: "s1", to: store)
        await #expect(throws: StorageError.self) { _ = try await Credentials.addUser(name: "bob", accessKey: nil, secretKey: nil, to: store) }
        let second = try await Credentials.addKey(name: "bob", to: store)
        #expect(second.owner == bob.owner && !second.isAdmin && second.accessKey != bob.accessKey)
        try await Credentials.revoke(accessKey: "BOB1", from: store)
        #expect(try await store.credential(accessKey: "BOB1") == nil)
        #expect(try await store.credential(accessKey: second.accessKey)?.owner == bob.owner)
        await #expect(throws: StorageError.self) { try await Credentials.revoke(accessKey: "BOB1", from: store) }
        // The only admin key stays; a second admin key makes the first revocable.
        await #expect(throws: StorageError.self) { try await Credentials.revoke(accessKey: admin.accessKey, from: store) }
        let adminTwo = try await Credentials.addKey(name: "admin", to: store)
        #expect(adminTwo.isAdmin)
        try await Credentials.revoke(accessKey: admin.accessKey, from: store)
        await #expect(throws: StorageError.self) { _ = try await Credentials.removeUser(name: "admin", from: store) }
        // A user who owns a bucket is kept until the bucket goes.
        let name = try BucketName("bobs")
        try await store.createBucket(Bucket(name: name, owner: bob.owner, created: Timestamp(microseconds: 0), region: ""))
        await #expect(throws: StorageError.self) { _ = try await Credentials.removeUser(name: "bob", from: store) }
        try await store.deleteBucket(name)
        #expect(try await Credentials.removeUser(name: "bob", from: store).map(\.accessKey) == [second.accessKey])
        #expect(try await store.credentials().map(\.accessKey) == [adminTwo.accessKey])
    }
}
