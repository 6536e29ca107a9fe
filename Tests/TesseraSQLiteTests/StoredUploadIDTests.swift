import Foundation
import GRDB
import Testing
import TesseraTestSupport
@testable import TesseraCore
@testable import TesseraSQLite

/// Generated upload ids are stored as their 16 bytes (migration v12), and every other id as its
/// text; what a store returns, and the order and markers of a listing, are those of the ids' wire
/// form (UTF-8), whatever marker a client sends.
@Suite struct StoredUploadIDTests {
    /// Strings near generated ids: hex digits, the bytes on either side of the digit ranges, and
    /// lengths around 32.
    static func nearID(_ random: inout SeededRandom, base: String) -> String {
        let alphabet = Array("0123456789abcdef/:`gzA".utf8)
        var b = Array(base.utf8.prefix(Int(random.next() % 34)))
        for _ in 0..<Int(random.next() % 4) {
            let c = alphabet[Int(random.next() % UInt64(alphabet.count))]
            if !b.isEmpty && random.next() % 2 == 0 { b[Int(random.next() % UInt64(b.count))] = c } else { b.append(c) }
        }
        return String(decoding: b, as: UTF8.self)
    }

    @Test func generatedIDsAreTheirBytesAndNothingElseIs() throws {
        for _ in 0..<200 {
            let id = UploadID.generate(at: Timestamp(microseconds: Int64.random(in: 0...Int64.max))).value
            let bytes = try #require(StoredUploadID(id).bytes)
            #expect(bytes.count == 16 && Identifiers.hex(bytes) == id)
        }
        let id = UploadID.generate(at: t0).value
        for other in ["", "u1", String(id.dropLast()), id + "0", id.uppercased(), "g" + id.dropFirst(), String(repeating: "é", count: 16)] {
            #expect(StoredUploadID(other).bytes == nil, "\(other)")
        }
    }

    /// For any string m, the generated ids after m are exactly those at or after
    /// `smallestGeneratedID(after: m)`; checked against ids that share prefixes with m.
    @Test func theSmallestGeneratedIDAfterAnyString() {
        var random = SeededRandom(seed: 0x5550_4c4f_4144)
        let base = UploadID.generate(at: t0).value
        #expect(StoredUploadID.smallestGeneratedID(after: "") == String(repeating: "0", count: 32))
        #expect(StoredUploadID.smallestGeneratedID(after: "ab") == "ab" + String(repeating: "0", count: 30))
        #expect(StoredUploadID.smallestGeneratedID(after: "ag") == "b" + String(repeating: "0", count: 31))
        #expect(StoredUploadID.smallestGeneratedID(after: "a/") == "a0" + String(repeating: "0", count: 30))
        #expect(StoredUploadID.smallestGeneratedID(after: "g") == nil)
        #expect(StoredUploadID.smallestGeneratedID(after: String(repeating: "f", count: 33)) == nil)
        for _ in 0..<2_000 {
            let marker = Self.nearID(&random, base: base)
            let next = StoredUploadID.smallestGeneratedID(after: marker)
            if let next {
                #expect(StoredUploadID(next).bytes != nil && marker.utf8.lexicographicallyPrecedes(next.utf8), "\(marker) → \(next)")
            }
            for _ in 0..<20 {
                let candidate = Self.nearID(&random, base: marker.utf8.count >= 32 ? marker : base)
                let id = candidate.utf8.count >= 32 ? String(candidate.prefix(32)) : candidate + String(base.dropFirst(candidate.count))
                guard StoredUploadID(id).bytes != nil else { continue }
                let after = marker.utf8.lexicographicallyPrecedes(id.utf8)
                let atOrAfterNext = next.map { !id.utf8.lexicographicallyPrecedes($0.utf8) } ?? false
                #expect(after == atOrAfterNext, "marker \(marker), id \(id), next \(next ?? "none")")
            }
        }
    }

    /// Every store lists the uploads after (key, marker) that the UTF-8 order of keys, then ids,
    /// puts there: the ids generated, the markers anything near them.
    @Test(arguments: StoreKind.allCases)
    func aListingAfterAnyMarkerFollowsTheWireOrder(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let ids = UploadIDSequence()
        var written: [Upload] = []
        for n in 0..<24 {
            var u = try upload(b, ["a", "b", "b/c", "d"][n % 4], "")
            (u.initiated, u.id) = ids.next(at: t0.adding(seconds: Int64(n / 3)))
            u.lastActivity = u.initiated
            written.append(u)
        }
        for u in written { try await s.createUpload(u) }
        let ordered = written.sorted {
            Array($0.key.value.utf8) == Array($1.key.value.utf8) ? $0.id < $1.id : $0.key.value.utf8.lexicographicallyPrecedes($1.key.value.utf8)
        }
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 100)
        #expect(listed.map(\.id) == ordered.map(\.id))
        var random = SeededRandom(seed: 0x4d41_524b_4552)
        for n in 0..<300 {
            let near = written[n % written.count]
            let marker = n % 5 == 0 ? near.id.value : Self.nearID(&random, base: near.id.value)
            let position = IndexPosition.after(key: Array(near.key.value.utf8), id: marker)
            let expected = ordered.filter { position.admits(key: Array($0.key.value.utf8), id: $0.id.value) }.map(\.id)
            let got = try await s.listUploads(bucket: b, from: position, prefix: [], limit: 100).map(\.id)
            #expect(got == expected, "after \(near.key.value) / \(marker)")
        }
    }

    /// The tables and indexes of `uploads`, `parts` and `completions`: names, columns, key columns.
    static func shape(_ queue: DatabaseQueue) throws -> [String] {
        try queue.read { db in
            let names = try String.fetchAll(db, sql: """
                SELECT type || ' ' || name FROM sqlite_schema WHERE tbl_name IN ('uploads', 'parts', 'completions') ORDER BY 1
                """)
            let columns = try ["uploads", "parts", "completions"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", arguments: [table])
                    .map { "\(table).\($0[0] as String) \($0[1] as String) \($0[2] as Int) \(($0[3] as String?) ?? "-") \($0[4] as Int)" }
            }
            let indexed = try ["uploads_by_id", "uploads_initiated_apart", "uploads_active_apart"].flatMap { index in
                try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [index]).map { "\(index): \($0)" }
            }
            return names + columns + indexed
        }
    }

    /// A database written before v12 (ids as text) is migrated: each id becomes its bytes, and
    /// uploads, parts, completions and listings read as before.
    @Test func theMigrationStoresOldIDsAsBytes() async throws {
        let path = try StoreKind.temporaryDirectory().appendingPathComponent("old.sqlite").path
        var written: [Upload] = []
        let completedID: UploadID
        do {
            let s = try SQLiteMetadataStore(path: path)
            let b = try await bucket(s)
            let ids = UploadIDSequence()
            for n in 0..<6 {
                var u = try upload(b, "k\(n % 2)", "")
                (u.initiated, u.id) = ids.next(at: t0)
                u.lastActivity = u.initiated
                try await s.createUpload(u)
                try await s.putPart(part(u, 1, blob: BlobID.generate().value), bucket: b)
                u.partCount = 1
                u.bytes = 10
                u.lastActivity = t0.adding(seconds: 1)
                written.append(u)
            }
            written.append(try upload(b, "k0", "not-generated"))
            try await s.createUpload(written[6])
            var done = try upload(b, "k9", "")
            (done.initiated, done.id) = ids.next(at: t0)
            try await s.createUpload(done)
            completedID = done.id
            _ = try await s.completeUpload(bucket: b, id: done.id) { upload, _ in
                let record = ObjectRecord(bucket: b, key: upload.key, size: 0, etag: ETag(hex: String(repeating: "c", count: 32)),
                                          lastModified: t0, attributes: ObjectAttributes(), checksums: [], manifest: [], owner: owner, inlineContent: nil)
                return CompletionCommit(object: record, receipt: CompletionReceipt(bucket: b, uploadID: upload.id, key: upload.key,
                                                                                   etag: record.etag, partsDigest: "d", size: 0, completed: t0))
            }
        }
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for table in ["uploads", "parts", "completions"] {
                try db.execute(sql: "UPDATE \(table) SET upload_id = lower(hex(upload_id)) WHERE typeof(upload_id) = 'blob'")
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v12-upload-ids-as-bytes'")
            // v12 rebuilds the uploads table as it was then; v15, v16 and v17, which came after, run again.
            try ObjectAttributesTests.undoV15(db)
            try InitiationWalkTests.undoV16(db)
            try ActivityWalkTests.undoV17(db)
        }
        func types() throws -> [String: Int] {
            try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT 'uploads ' || typeof(upload_id), COUNT(*) FROM uploads GROUP BY 1
                    UNION ALL SELECT 'parts ' || typeof(upload_id), COUNT(*) FROM parts GROUP BY 1
                    UNION ALL SELECT 'completions ' || typeof(upload_id), COUNT(*) FROM completions GROUP BY 1
                    """).reduce(into: [:]) { $0[$1[0]] = $1[1] }
            }
        }
        #expect(try types() == ["uploads text": 7, "parts text": 6, "completions text": 1])
        let reopened = try SQLiteMetadataStore(path: path)
        #expect(try types() == ["uploads blob": 6, "uploads text": 1, "parts blob": 6, "completions blob": 1])
        // The rebuilt tables have the columns, keys and indexes of a new database.
        let freshQueue = try DatabaseQueue(path: try StoreKind.temporaryDirectory().appendingPathComponent("fresh.sqlite").path)
        try Schema.migrator().migrate(freshQueue)
        #expect(try Self.shape(queue) == Self.shape(freshQueue))
        try freshQueue.close()
        try queue.close()
        for u in written {
            #expect(try await reopened.upload(bucket: u.bucket, id: u.id) == u)
        }
        for u in written.prefix(6) {
            #expect(try await reopened.parts(uploadID: u.id, after: 0, limit: 10).map(\.uploadID) == [u.id])
        }
        #expect(try await reopened.completionReceipt(bucket: written[0].bucket, id: completedID)?.uploadID == completedID)
        let listed = try await reopened.listUploads(bucket: written[0].bucket, from: .start, prefix: [], limit: 100)
        // Within a key, the one id that is not generated stays text, which SQLite orders first.
        #expect(listed.map(\.id) == [written[6].id] + [0, 2, 4, 1, 3, 5].map { written[$0].id })
    }
}
