import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// Upload rows leave out what they would repeat (migration v11): an initiator equal to the owner
/// and attributes that are only a storage class. What is read back is what was written, whoever
/// initiated (the owner, someone else, anonymous) and whatever the attributes.
@Suite struct LeanUploadRowsTests {
    static let cases: [(initiator: Owner, attributes: ObjectAttributes)] = [
        (owner, ObjectAttributes()),
        (owner, ObjectAttributes(storageClass: "GLACIER")),
        (Owner(id: "o2", displayName: "two"), ObjectAttributes()),
        (Owner.anonymous, ObjectAttributes()),
        (Owner(id: "o1", displayName: "renamed"), ObjectAttributes(contentType: "text/plain")),
        (owner, ObjectAttributes(userMetadata: [MetadataEntry(name: "k", value: "v")], storageClass: "STANDARD_IA")),
    ]

    static func uploads(_ b: BucketName) throws -> [Upload] {
        try cases.enumerated().map { n, c in
            var u = try upload(b, "k\(n)", "u\(n)")
            u.initiator = c.initiator
            u.attributes = c.attributes
            return u
        }
    }

    /// (typeof(initiator_id), attributes) of every row, by upload id.
    static func raw(_ path: String) throws -> [String: [String]] {
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT upload_id, typeof(initiator_id), attributes FROM uploads").reduce(into: [:]) { out, row in
                out[row[0]] = [row[1], row[2]]
            }
        }
    }

    /// The contract behind the lean rows, for every store: whoever initiated and whatever the
    /// attributes, an upload reads back as written, by id and in a listing.
    @Test(arguments: StoreKind.allCases)
    func everyStoreKeepsWhoInitiatedAndTheAttributes(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let written = try Self.uploads(b)
        for u in written { try await s.createUpload(u) }
        for u in written { #expect(try await s.upload(bucket: b, id: u.id) == u) }
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10)
        #expect(listed.map(\.initiator) == written.map(\.initiator))
        #expect(listed.map(\.attributes.storageClass) == written.map(\.attributes.storageClass))
    }

    @Test func whatIsWrittenIsReadBackAndOnlyTheRepeatsAreLeftOut() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("lean.sqlite").path
        let written: [Upload]
        do {
            let s = try SQLiteMetadataStore(path: path)
            let b = try await bucket(s)
            written = try Self.uploads(b)
            for u in written { try await s.createUpload(u) }
            for u in written { #expect(try await s.upload(bucket: b, id: u.id) == u) }
            let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10)
            #expect(listed.map(\.initiator) == written.map(\.initiator))
            #expect(listed.map(\.attributes.storageClass) == written.map(\.attributes.storageClass))
        }
        let raw = try Self.raw(path)
        #expect(raw["u0"] == ["blob", ""])
        #expect(raw["u1"] == ["blob", ""])
        #expect(raw["u2"]?.first == "text")
        #expect(raw["u3"]?.first == "text", "the anonymous initiator is not the owner")
        #expect(raw["u4"]?.first == "text")
        #expect(raw["u5"]?[1].isEmpty == false)
    }

    /// Rows written before v11 (the owner repeated, the attributes JSON whole) are made lean by
    /// the migration and read the same.
    @Test func theMigrationLeansOldRows() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let written: [Upload]
        do {
            let s = try SQLiteMetadataStore(path: path)
            written = try Self.uploads(try await bucket(s))
            for u in written { try await s.createUpload(u) }
        }
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for u in written {
                try db.execute(sql: "UPDATE uploads SET initiator_id = ?, initiator_name = ?, attributes = ? WHERE upload_id = ?",
                               arguments: [u.initiator.id, u.initiator.displayName, AttributesCodec.encode(u.attributes), u.id.value])
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v11-lean-upload-rows'")
        }
        try queue.close()
        #expect(try Self.raw(path)["u0"] == ["text", #"{"storageClass":"STANDARD","userMetadata":[]}"#])
        let reopened = try SQLiteMetadataStore(path: path)
        for u in written { #expect(try await reopened.upload(bucket: u.bucket, id: u.id) == u) }
        let raw = try Self.raw(path)
        #expect(raw["u0"] == ["blob", ""])
        #expect(raw["u1"] == ["blob", ""])
        #expect(raw["u3"]?.first == "text")
        #expect(raw["u5"]?[1].isEmpty == false)
    }
}
