import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// An upload's attributes: whole when read by id (Complete copies them to the object); in a
/// listing, which reads the storage-class column instead of decoding the JSON, the storage class.
@Suite struct UploadAttributesTests {
    @Test(arguments: StoreKind.allCases)
    func listingsCarryTheStorageClassAndLookupsEverything(_ store: StoreKind) async throws {
        let s = try await store.make()
        let b = try await bucket(s)
        var u = try upload(b, "k", "u1")
        u.attributes = ObjectAttributes(contentType: "video/mp4", userMetadata: [MetadataEntry(name: "color", value: "red")], storageClass: "STANDARD_IA")
        try await s.createUpload(u)
        #expect(try await s.upload(bucket: b, id: u.id)?.attributes == u.attributes)
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10)
        #expect(listed.map(\.attributes.storageClass) == ["STANDARD_IA"])
        #expect(listed.map(\.id) == [u.id])
    }

    /// Long attributes (2 KiB of user metadata; SQLite keeps them in a row of their own) read
    /// back whole by id, and listings and aborts treat them as they do short ones.
    @Test(arguments: StoreKind.allCases)
    func longAttributesReadWholeAndGoWithTheUpload(_ store: StoreKind) async throws {
        let s = try await store.make()
        let b = try await bucket(s)
        var long = try upload(b, "k", "u1")
        long.attributes = LongAttributesContractTests.attributes(metadata: 2_000)
        var short = try upload(b, "k", "u2")
        short.attributes = LongAttributesContractTests.attributes(metadata: 40)
        try await s.createUpload(long)
        try await s.createUpload(short)
        #expect(try await s.upload(bucket: b, id: long.id) == long)
        #expect(try await s.upload(bucket: b, id: short.id) == short)
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10)
        #expect(listed.map(\.attributes.storageClass) == ["STANDARD_IA", "STANDARD_IA"])
        #expect(try await s.abortUpload(bucket: b, id: long.id) == long)
        #expect(try await s.upload(bucket: b, id: long.id) == nil)
        #expect(try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10).map(\.id) == [short.id])
    }

    /// Migration v5 fills the new column from the attributes of uploads made before it.
    @Test func migrationBackfillsTheStorageClass() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path
        do {
            let s = try SQLiteMetadataStore(path: path)
            let b = try await bucket(s)
            var u = try upload(b, "k", "u1")
            u.attributes = ObjectAttributes(storageClass: "COLD")
            try await s.createUpload(u)
        }
        // Undo what v5 and v11 did, as a database written before them would be.
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                UPDATE uploads SET storage_class = 'STANDARD', attributes = '{"storageClass":"COLD","userMetadata":[]}',
                    initiator_id = owner_id, initiator_name = owner_name
                """)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v5-upload-storage-class', 'v11-lean-upload-rows')")
            try db.execute(sql: "ALTER TABLE uploads DROP COLUMN storage_class")
        }
        try queue.close()
        let reopened = try SQLiteMetadataStore(path: path)
        let listed = try await reopened.listUploads(bucket: try BucketName("bkt"), from: .start, prefix: [], limit: 10)
        #expect(listed.map(\.attributes.storageClass) == ["COLD"])
    }
}
