import Testing
import TesseraCore
import TesseraTestSupport

/// Every MetadataStore keeps who may read a bucket without credentials (UFile's bucket Type).
@Suite struct BucketAccessContractTests {
    @Test(arguments: StoreKind.allCases)
    func accessIsStoredAndChanged(_ kind: StoreKind) async throws {
        let s = try kind.make()
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
