import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// Attributes longer than `Codecs.attributesLimit` live in `object_attributes`, a row per such
/// object (migration v15): written with its object, replaced with it or with its ACL, gone with
/// it, never left behind and never missing.
@Suite struct ObjectAttributesTests {
    /// (attributes rows, attributes rows no object refers to, objects referring to no attributes
    /// row, objects with attributes in their row longer than the limit).
    static func bookkeeping(_ queue: DatabaseQueue) throws -> [Int] {
        try queue.read { db in
            try [
                "SELECT COUNT(*) FROM object_attributes",
                "SELECT COUNT(*) FROM object_attributes WHERE id NOT IN (SELECT attributes_id FROM objects WHERE attributes_id IS NOT NULL)",
                "SELECT COUNT(*) FROM objects WHERE attributes_id IS NOT NULL AND attributes_id NOT IN (SELECT id FROM object_attributes)",
                "SELECT COUNT(*) FROM objects WHERE length(CAST(attributes AS BLOB)) > \(Codecs.attributesLimit)",
            ].map { try Int.fetchOne(db, sql: $0)! }
        }
    }

    /// Undoes migration v15 in a database without long attributes, for a test that runs an
    /// earlier migration again.
    static func undoV15(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER objects_attributes_out; DROP TABLE object_attributes; ALTER TABLE objects DROP COLUMN attributes_id;
            DROP TRIGGER uploads_attributes_out; DROP TABLE upload_attributes; ALTER TABLE uploads DROP COLUMN attributes_id;
            DELETE FROM grdb_migrations WHERE identifier = 'v15-long-attributes-apart';
            """)
    }

    static func isLong(_ o: ObjectRecord) -> Bool { AttributesCodec.encode(o.attributes).utf8.count > Codecs.attributesLimit }

    /// Seeded puts (user metadata from none to 2 KiB, on both sides of the limit), ACL changes,
    /// replacements and deletions over a few keys: after each, every key reads back and lists as
    /// the model has it, and there is exactly one attributes row per long attributes.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func attributesRowsFollowTheirObjects(_ seed: UInt64) async throws {
        let (s, queue, b) = try await inspectedStore("attributes.sqlite")
        defer { try? queue.close() }
        var random = SeededRandom(seed: seed)
        var model: [String: ObjectRecord] = [:]
        for step in 0..<120 {
            let key = "k\(Int.random(in: 0..<5, using: &random))"
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                #expect(try await s.deleteObject(bucket: b, key: try ObjectKey(key)) == (model[key] != nil))
                model[key] = nil
            case 1 where model[key] != nil:
                let grants = (0..<Int.random(in: 0..<30, using: &random)).map { Grant(.user(id: "grantee-\($0)"), .read) }
                // No grants: none of its own (nil) or private by its own ACL (an empty list), kept apart.
                let acl: AccessControlList? = grants.isEmpty && Bool.random(using: &random) ? nil : AccessControlList(grants: grants)
                try await s.setACL(acl, bucket: b, key: try ObjectKey(key), etag: model[key]!.etag)
                model[key]!.attributes.acl = acl
            default:
                var o = try object(b, key)
                o.attributes = LongAttributesContractTests.attributes(metadata: [0, 100, 300, 340, 400, 2_000].randomElement(using: &random)!)
                try await s.putObject(o, condition: .none)
                model[key] = o
            }
            for k in 0..<5 {
                #expect(try await s.object(bucket: b, key: try ObjectKey("k\(k)")) == model["k\(k)"], "seed \(seed), step \(step), k\(k)")
            }
            let listed = try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10, manifests: false)
            #expect(listed.map(\.attributes) == model.keys.sorted().map { model[$0]!.attributes }, "seed \(seed), step \(step)")
            let long = model.values.filter(Self.isLong).count
            #expect(try Self.bookkeeping(queue) == [long, 0, 0, 0], "seed \(seed), step \(step)")
        }
        #expect(model.values.contains(where: Self.isLong) || seed != 1)
    }

    /// A listing page reads an upload's storage class where a single read reads its attributes,
    /// column for column, and never the attributes' own row.
    @Test func listedUploadsReadTheStorageClassInTheAttributesPlace() {
        let single = Codecs.uploadColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let listed = Codecs.listedUploadColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(listed.count == single.count)
        #expect(zip(single, listed).filter { $0 != $1 }.map(\.1) == ["storage_class"])
        #expect(!Codecs.listedUploadColumns.contains("upload_attributes") && Codecs.uploadColumns.contains("upload_attributes"))
    }

    /// An upload's long attributes have a row of their own while it is in progress; completing or
    /// aborting it takes that row away, and a completed object with them gets its own.
    @Test func uploadAttributesRowsFollowTheirUploads() async throws {
        let (s, queue, b) = try await inspectedStore("upload-attributes.sqlite")
        defer { try? queue.close() }
        func rows() throws -> [Int] {
            try queue.read { db in
                try ["upload_attributes", "object_attributes"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! }
            }
        }
        var uploads: [Upload] = []
        for (n, metadata) in [2_000, 40, 1_000].enumerated() {
            var u = try upload(b, "k\(n)", "u\(n)")
            u.attributes = LongAttributesContractTests.attributes(metadata: metadata)
            try await s.createUpload(u)
            uploads.append(u)
        }
        #expect(try rows() == [2, 0])
        #expect(try await s.abortUpload(bucket: b, id: uploads[2].id) == uploads[2])
        #expect(try rows() == [1, 0])
        let u = uploads[0]
        try await s.putPart(part(u, 1, blob: "b1"), bucket: b)
        _ = try await s.completeUpload(bucket: b, id: u.id) { up, parts in
            var o = try object(b, "k0")
            o.attributes = up.attributes
            o.uploadID = up.id
            let r = CompletionReceipt(bucket: b, uploadID: up.id, key: up.key, etag: ETag(hex: String(repeating: "c", count: 32), partCount: 1),
                                      partsDigest: "d", size: 10, completed: t0)
            return CompletionCommit(object: o, receipt: r)
        }
        #expect(try rows() == [0, 1])
        #expect(try await s.object(bucket: b, key: u.key)?.attributes == u.attributes)
    }

    /// A database written before v15 (all attributes in their rows) is migrated: every object and
    /// upload reads back whole, long attributes move to their own rows, and deleting or replacing an
    /// object afterwards takes its attributes row with it.
    @Test func theMigrationMovesLongAttributesApart() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("v14.sqlite").path
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator().migrate(queue, upTo: "v14-long-manifests-apart")
        let b = try BucketName("bkt")
        let written = try [("a", 0), ("b", 2_000), ("c", 100), ("d", 1_000)].map { key, metadata in
            var o = try object(b, key)
            o.attributes = LongAttributesContractTests.attributes(metadata: metadata)
            return o
        }
        let uploads = try [40, 2_000].enumerated().map { n, metadata in
            var u = try upload(b, "u\(n)", "upload-\(n)")
            (u.checksumAlgorithm, u.checksumType) = (nil, nil)
            u.attributes = LongAttributesContractTests.attributes(metadata: metadata)
            return u
        }
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO buckets(name, owner_id, owner_name, created, region) VALUES (?, 'o1', 'one', 0, '')",
                           arguments: [b.value])
            for o in written {
                try db.execute(sql: """
                    INSERT INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [o.bucket.value, Codecs.keyBlob(o.key.value), o.size, o.etag.description, o.lastModified.microseconds,
                                     AttributesCodec.encode(o.attributes), StoredText.checksumsText(o.checksums),
                                     StoredText.manifestText(o.manifest), o.owner.id, o.owner.displayName])
            }
            for u in uploads {
                try db.execute(sql: """
                    INSERT INTO uploads(bucket, key, upload_id, initiated, last_activity, owner_id, owner_name, initiator_id,
                                        initiator_name, dialect, attributes, storage_class)
                    VALUES (?, ?, ?, ?, ?, ?, ?, X'', '', 's3', ?, ?)
                    """, arguments: [b.value, Codecs.keyBlob(u.key.value), u.id.value, u.initiated.microseconds, u.lastActivity.microseconds,
                                     u.owner.id, u.owner.displayName, AttributesCodec.encode(u.attributes), u.attributes.storageClass])
            }
        }
        let s = try SQLiteMetadataStore(path: path)
        for o in written {
            #expect(try await s.object(bucket: o.bucket, key: o.key) == o)
        }
        for u in uploads {
            #expect(try await s.upload(bucket: b, id: u.id) == u)
        }
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload_attributes") } == 1)
        try await s.abortUpload(bucket: b, id: uploads[1].id)
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload_attributes") } == 0)
        #expect(try Self.bookkeeping(queue) == [2, 0, 0, 0])
        #expect(try await s.listObjects(bucket: b, from: .start, prefix: [], limit: 10) == written)
        #expect(try await s.objectTotals().map(\.objects) == [4])
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("b")))
        try await s.putObject(try object(b, "d"), condition: .none)
        #expect(try Self.bookkeeping(queue) == [0, 0, 0, 0])
        try queue.close()
    }
}
