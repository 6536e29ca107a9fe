import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// A manifest longer than `Codecs.manifestLimit` lives in `object_manifests`, a row per such
/// object (migration v14): written with its object, gone with it (deleted or replaced), never
/// left behind, never missing, and read back, listed, inventoried and collected whole.
@Suite struct ObjectManifestsTests {
    /// (manifest rows, manifest rows no object refers to, objects referring to no manifest row,
    /// objects with a manifest in their row longer than the limit).
    static func bookkeeping(_ queue: DatabaseQueue) throws -> [Int] {
        try queue.read { db in
            try [
                "SELECT COUNT(*) FROM object_manifests",
                "SELECT COUNT(*) FROM object_manifests WHERE id NOT IN (SELECT manifest_id FROM objects WHERE manifest_id IS NOT NULL)",
                "SELECT COUNT(*) FROM objects WHERE manifest_id IS NOT NULL AND manifest_id NOT IN (SELECT id FROM object_manifests)",
                "SELECT COUNT(*) FROM objects WHERE length(CAST(manifest AS BLOB)) > \(Codecs.manifestLimit)",
            ].map { try Int.fetchOne(db, sql: $0)! }
        }
    }

    /// An object of `parts` segments (each with a checksum, as boto3 sends), a completed
    /// upload's when more than one.
    static func multipart(_ b: BucketName, _ key: String, parts: Int, tag: String) throws -> ObjectRecord {
        var o = try object(b, key, size: Int64(parts) * 10)
        o.manifest = (0..<parts).map { n in
            Segment(blob: BlobID("\(tag)-\(key)-\(n)"), size: 10, checksum: Checksum(algorithm: .crc32, base64: "AAAA\(n % 10)A==")) }
        if parts > 1 { o.uploadID = UploadID("upload-\(tag)") }
        return o
    }

    /// Seeded puts (manifests of 0 to 300 parts, on both sides of the limit), replacements and
    /// deletions over a few keys: after each, every key reads back as the model has it, a
    /// migration's listing reads the same manifests, the inventory references exactly the
    /// model's blobs, and there is exactly one manifest row per long manifest.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func manifestRowsFollowTheirObjects(_ seed: UInt64) async throws {
        let (s, queue, b) = try await inspectedStore("manifests.sqlite")
        defer { try? queue.close() }
        var random = SeededRandom(seed: seed)
        var model: [String: ObjectRecord] = [:]
        var released: Set<BlobID> = []
        for step in 0..<120 {
            let key = "k\(Int.random(in: 0..<5, using: &random))"
            if Int.random(in: 0..<4, using: &random) == 0 {
                #expect(try await s.deleteObject(bucket: b, key: try ObjectKey(key)) == (model[key] != nil))
                model[key].map { released.formUnion($0.manifest.map(\.blob)) }
                model[key] = nil
            } else {
                let parts = [0, 1, 7, 8, 9, 128, 300].randomElement(using: &random)!
                var o = try Self.multipart(b, key, parts: parts, tag: "s\(step)")
                if parts == 0 { o.inlineContent = [1, 2, 3] }
                try await s.putObject(o, condition: .none)
                model[key].map { released.formUnion($0.manifest.map(\.blob)) }
                model[key] = o
            }
            for k in 0..<5 {
                #expect(try await s.object(bucket: b, key: try ObjectKey("k\(k)")) == model["k\(k)"], "seed \(seed), step \(step), k\(k)")
            }
            let listed = try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: true)
            #expect(listed.map(\.manifest) == model.keys.sorted().map { model[$0]!.manifest }, "seed \(seed), step \(step)")
            let long = model.values.filter { StoredText.manifestText($0.manifest).utf8.count > Codecs.manifestLimit }.count
            #expect(try Self.bookkeeping(queue) == [long, 0, 0, 0], "seed \(seed), step \(step)")
        }
        let referenced = Set(try await s.blobInventory().references.flatMap { $0.segments.map(\.blob) })
        #expect(referenced == Set(model.values.flatMap { $0.manifest.map(\.blob) }))
        #expect(Set(try await s.pendingGarbage(limit: 100_000).map(\.blob)) == released)
    }

    /// A database written before v14 (every manifest in its row) is migrated: every object reads
    /// back with its manifest, long ones move to their own rows, and deleting or replacing an
    /// object afterwards takes its manifest row with it and queues its blobs.
    @Test func theMigrationMovesLongManifestsApart() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v13.sqlite").path
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator().migrate(queue, upTo: "v13-object-contents-apart")
        let b = try BucketName("bkt")
        let written = [
            try Self.multipart(b, "a", parts: 1, tag: "m"),
            try Self.multipart(b, "b", parts: 128, tag: "m"),
            try Self.multipart(b, "c", parts: 8, tag: "m"),
            try Self.multipart(b, "d", parts: 300, tag: "m"),
        ]
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region) VALUES (?, 'o1', 'one', 0, '')",
                           arguments: [b.value])
            for o in written {
                try db.execute(sql: """
                    INSERT INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name, upload_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [o.bucket.value, Codecs.keyBlob(o.key.value), o.size, o.etag.description, o.lastModified.microseconds,
                                     AttributesCodec.encode(o.attributes), StoredText.checksumsText(o.checksums),
                                     StoredText.manifestText(o.manifest), o.owner.id, o.owner.displayName, o.uploadID?.value])
            }
        }
        let s = try SQLiteMetadataStore(path: path)
        for o in written {
            #expect(try await s.object(bucket: o.bucket, key: o.key) == o)
        }
        #expect(try Self.bookkeeping(queue) == [2, 0, 0, 0])
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: true) == written)
        #expect(try await s.objectTotals().map(\.objects) == [4])
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("b")))
        try await s.putObject(try Self.multipart(b, "d", parts: 2, tag: "n"), condition: .none)
        #expect(try Self.bookkeeping(queue) == [0, 0, 0, 0])
        let queued = Set(try await s.pendingGarbage(limit: 1_000).map(\.blob))
        #expect(queued == Set((written[1].manifest + written[3].manifest).map(\.blob)))
        try queue.close()
    }
}
