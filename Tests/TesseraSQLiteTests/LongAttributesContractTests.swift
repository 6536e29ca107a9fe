import Testing
import TesseraTestSupport
@testable import TesseraCore

/// Every MetadataStore keeps an object's attributes whole however long they are: 2 KiB of user
/// metadata (S3's limit) and a long ACL read back, list and change as short ones do (SQLite keeps
/// such attributes in a row of their own).
@Suite struct LongAttributesContractTests {
    /// Attributes with `metadata` bytes of user metadata over a few entries.
    static func attributes(metadata: Int) -> ObjectAttributes {
        let entries = metadata == 0 ? [] : (0..<4).map { n in
            MetadataEntry(name: "m\(n)", value: String(repeating: "v\(n)", count: metadata / 8)) }
        return ObjectAttributes(contentType: "text/plain", userMetadata: entries, storageClass: "STANDARD_IA")
    }

    @Test(arguments: StoreKind.allCases)
    func longAttributesReadListAndChangeWhole(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var long = try object(b, "long")
        long.attributes = Self.attributes(metadata: 2_000)
        var short = try object(b, "short")
        short.attributes = Self.attributes(metadata: 40)
        try await s.putObject(long)
        try await s.putObject(short)
        #expect(try await s.object(bucket: b, key: long.key) == long)
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: false).map(\.attributes)
                    == [long.attributes, short.attributes])

        // An ACL makes the short attributes long, and taking it away short again.
        let grants = (0..<40).map { Grant(.user(id: "user-\($0)-" + String(repeating: "x", count: 20)), .read) }
        let acl = AccessControlList(grants: grants)
        try await s.setACL(acl, bucket: b, key: short.key, etag: short.etag)
        short.attributes.acl = acl
        #expect(try await s.object(bucket: b, key: short.key) == short)
        try await s.setACL(nil, bucket: b, key: short.key, etag: short.etag)
        short.attributes.acl = nil
        #expect(try await s.object(bucket: b, key: short.key) == short)
        try await s.setACL(acl, bucket: b, key: long.key, etag: long.etag)
        long.attributes.acl = acl
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: true) == [long, short])

        // Replaced by short attributes, then by long ones again; deleted.
        var replaced = try object(b, "long")
        try await s.putObject(replaced)
        #expect(try await s.object(bucket: b, key: long.key) == replaced)
        replaced.attributes = Self.attributes(metadata: 1_000)
        try await s.putObject(replaced)
        #expect(try await s.object(bucket: b, key: long.key) == replaced)
        #expect(try await s.deleteObject(bucket: b, key: long.key))
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: true) == [short])
    }
}
