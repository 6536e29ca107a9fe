import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// Inline content lives in `object_contents`, a row per inline object (migration v13): written
/// with its object, gone with it (deleted or replaced), never left behind, never missing.
@Suite struct ObjectContentsTests {
    /// (content rows, content rows no object refers to, objects referring to no content row).
    static func bookkeeping(_ queue: DatabaseQueue) throws -> [Int] {
        try queue.read { db in
            try [
                "SELECT COUNT(*) FROM object_contents",
                "SELECT COUNT(*) FROM object_contents WHERE id NOT IN (SELECT content_id FROM objects WHERE content_id IS NOT NULL)",
                "SELECT COUNT(*) FROM objects WHERE content_id IS NOT NULL AND content_id NOT IN (SELECT id FROM object_contents)",
            ].map { try Int.fetchOne(db, sql: $0)! }
        }
    }

    static func inline(_ b: BucketName, _ key: String, _ content: [UInt8]) throws -> ObjectRecord {
        var o = try object(b, key, size: Int64(content.count))
        o.manifest = []
        o.inlineContent = content
        return o
    }

    /// Seeded puts (inline of 0 to 16 KiB, or blob-backed), replacements and deletions over a few
    /// keys: after each, every key reads back as the model has it, and there is exactly one
    /// content row per inline object.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func contentRowsFollowTheirObjects(_ seed: UInt64) async throws {
        let (s, queue, b) = try await inspectedStore("contents.sqlite")
        defer { try? queue.close() }
        var random = SeededRandom(seed: seed)
        var model: [String: ObjectRecord] = [:]
        for step in 0..<150 {
            let key = "k\(Int.random(in: 0..<6, using: &random))"
            switch Int.random(in: 0..<5, using: &random) {
            case 0, 1:
                let size = [0, 1, 900, 4096, 16_384].randomElement(using: &random)!
                let o = try Self.inline(b, key, (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) })
                try await s.putObject(o, condition: .none)
                model[key] = o
            case 2:
                let o = try object(b, key)
                try await s.putObject(o, condition: .none)
                model[key] = o
            default:
                #expect(try await s.deleteObject(bucket: b, key: try ObjectKey(key)) == (model[key] != nil))
                model[key] = nil
            }
            for k in 0..<6 {
                #expect(try await s.object(bucket: b, key: try ObjectKey("k\(k)")) == model["k\(k)"], "seed \(seed), step \(step), k\(k)")
            }
            let inlineCount = model.values.filter { $0.inlineContent != nil }.count
            #expect(try Self.bookkeeping(queue) == [inlineCount, 0, 0], "seed \(seed), step \(step)")
        }
        let totals = try await s.objectTotals().first
        #expect((totals?.objects ?? 0) == model.count)
        #expect((totals?.bytes ?? 0) == model.values.map(\.size).reduce(0, +))
    }

    /// A database written before v13 (content in the objects table) is migrated: every object
    /// reads back with its content, the totals stay, and deleting or replacing an object
    /// afterwards takes its content row with it.
    @Test func theMigrationMovesContentApart() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v12.sqlite").path
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator().migrate(queue, upTo: "v12-upload-ids-as-bytes")
        let b = try BucketName("bkt")
        let other = try BucketName("other")
        let written = [
            try Self.inline(b, "a", Array("hello".utf8)),
            try Self.inline(b, "b", []),
            try object(b, "c"),
            try Self.inline(b, "d", (0..<16_384).map { UInt8($0 % 251) }),
            try Self.inline(other, "a", [7, 0, 7]),
        ]
        try await queue.write { db in
            for name in [b, other] {
                try db.execute(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region) VALUES (?, 'o1', 'one', 0, '')",
                               arguments: [name.value])
            }
            for o in written {
                try db.execute(sql: """
                    INSERT INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [o.bucket.value, Codecs.keyBlob(o.key.value), o.size, o.etag.description, o.lastModified.microseconds,
                                     AttributesCodec.encode(o.attributes), StoredText.checksumsText(o.checksums),
                                     StoredText.manifestText(o.manifest), o.owner.id, o.owner.displayName,
                                     o.inlineContent.map { Data($0) }])
            }
        }
        let s = try SQLiteMetadataStore(path: path)
        let before = try await s.objectTotals()
        #expect(before.map(\.objects) == [4, 1])
        for o in written {
            #expect(try await s.object(bucket: o.bucket, key: o.key) == o)
        }
        #expect(try Self.bookkeeping(queue) == [4, 0, 0])
        let triggers = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'objects' ORDER BY name")
        }
        #expect(triggers == ["objects_attributes_out", "objects_content_out", "objects_counted_in", "objects_counted_out", "objects_manifest_out", "objects_recounted"])
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("a")))
        try await s.putObject(try object(b, "d"), condition: .none)
        try await s.putObject(try Self.inline(other, "a", [1]), condition: .none)
        #expect(try Self.bookkeeping(queue) == [2, 0, 0])
        #expect(try await s.objectTotals().map(\.objects) == [3, 1])
        #expect(try await s.object(bucket: other, key: try ObjectKey("a"))?.inlineContent == [1])
        try queue.close()
    }
}
