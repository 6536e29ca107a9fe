import Foundation
import GRDB
public import TesseraCore

/// The blob bookkeeping: the deletion queue, the intents of blobs being written, the inventory.
extension SQLiteMetadataStore {
    public func pendingGarbage(limit: Int) async throws -> [GarbageEntry] {
        // One statement: on the hot reads' connections, not through `DatabasePool.read`, which
        // hops to a reader's queue and parses its BEGIN and COMMIT on every call.
        // Read by position (``ColumnCursor``): `Row.fetchAll` and its named columns were 17,700
        // instructions of a DeleteObject's 343,000 for its one entry (callgrind, docs/benchmarks.md,
        // "The thirty-second pass"); a drain follows every deleted object and replaced part.
        try await readStatement { db in
            try ColumnCursor.all(db.statement(.pendingGarbage),
                                 bind: { $0.int(Int64(limit)) }) { GarbageEntry(sequence: $0.int64(0), blob: BlobID($0.text(1))) }
        }
    }

    public func removeGarbage(_ sequences: [Int64]) async throws {
        try await writes.write { db in
            for s in sequences { try db.statement(.removeGarbage).run { $0.int(s) } }
        }
    }

    public func queueGarbage(_ blobs: [BlobID]) async throws {
        try await writes.write { db in try Self.enqueueGarbage(db, blobs) }
    }

    public func recordBlobIntents(_ blobs: [BlobID]) async throws {
        let now = SystemClock().now().microseconds  // for ordering only
        try await writes.write(inline: true) { db in
            for blob in blobs {
                try db.statement(.recordIntent).run { $0.text(blob.value); $0.int(now) }
            }
        }
    }

    public func forgetBlobIntents(_ blobs: [BlobID]) async throws {
        try await writes.write(inline: true) { db in try Self.withdrawIntents(db, blobs) }
    }

    public func reclaimBlobIntents() async throws -> Int {
        try await writes.write { db in
            try db.execute(sql: "INSERT INTO gc_queue(blob) SELECT blob FROM blob_intents ORDER BY created")
            try db.execute(sql: "DELETE FROM blob_intents")
            return db.changesCount
        }
    }

    /// Removes the intents of blobs now referenced (in the transaction that references them).
    static func withdrawIntents(_ db: StoreConnection, _ blobs: [BlobID]) throws {
        for b in blobs { try db.statement(.withdrawIntent).run { $0.text(b.value) } }
    }

    public func blobInventory() async throws -> BlobInventory {
        try await pool.read { db in
            var references: [BlobReference] = []
            let objects = try Row.fetchCursor(db, sql: """
                SELECT bucket, key, etag, \(Codecs.objectManifest) AS manifest FROM objects WHERE manifest != '' OR manifest_id IS NOT NULL
                """)
            while let row = try objects.next() {
                references.append(BlobReference(
                    holder: .object(BucketName(trusted: row["bucket"]), ObjectKey(trusted: Codecs.keyString(row, "key"))),
                    etag: ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]), segments: StoredText.manifest(row["manifest"])))
            }
            let parts = try Row.fetchCursor(db, sql: "SELECT upload_id, part_number, etag, blob, size FROM parts")
            while let row = try parts.next() {
                references.append(BlobReference(
                    holder: .part(StoredUploadID.read(row["upload_id"] as DatabaseValue), PartNumber(trusted: row["part_number"])),
                    etag: ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]), segments: [Segment(blob: BlobID(row["blob"]), size: row["size"])]))
            }
            let intents = Set(try String.fetchAll(db, sql: "SELECT blob FROM blob_intents").map(BlobID.init))
            let garbage = try Row.fetchAll(db, sql: "SELECT sequence, blob FROM gc_queue ORDER BY sequence")
                .map { GarbageEntry(sequence: $0["sequence"], blob: BlobID($0["blob"])) }
            return BlobInventory(references: references, intents: intents, garbage: garbage)
        }
    }
}
