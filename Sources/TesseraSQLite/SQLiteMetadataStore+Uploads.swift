import Foundation
import GRDB
public import TesseraCore

/// Uploads and parts: create, list, record parts, complete, abort.
extension SQLiteMetadataStore {
    // MARK: Uploads

    public func createUpload(_ u: Upload) async throws {
        try await createUploads([u])
    }

    /// Records many uploads in one transaction (bulk import; the reaper benchmark's set-up).
    public func createUploads(_ uploads: [Upload]) async throws {
        try await writes.write(inline: uploads.count == 1) { db in
            // One upload (every initiate) needs no set of its buckets (1,200 instructions; callgrind).
            if uploads.count == 1 {
                try Self.requireBucket(db, uploads[0].bucket)
            } else {
                for bucket in Set(uploads.map(\.bucket)) { try Self.requireBucket(db, bucket) }
            }
            for u in uploads {
                let attributes = try ApartTexts.store(db, Codecs.uploadAttributesText(u), limit: Codecs.attributesLimit, in: .uploadAttributes)
                try db.statement(.insertUpload)
                    .run { Codecs.bindUploadRow(u, attributes: attributes, &$0) }
                try Self.adjustTotals(db, u.bucket, uploads: 1, parts: u.partCount, bytes: u.bytes)
            }
        }
    }

    public func upload(bucket: BucketName, id: UploadID) async throws -> Upload? {
        try await readStatement { db in try Self.upload(db, bucket, id) }
    }

    static func upload(_ db: StoreConnection, _ bucket: BucketName, _ id: UploadID) throws -> Upload? {
        try ColumnCursor.first(db.statement(.upload),
                               bind: { $0.text(bucket.value); StoredUploadID(id).bind(&$0) }) { try Codecs.upload($0, listed: false) }
    }

    public func readUploadIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<Upload>) throws -> T) async throws -> T {
        try await readSnapshot { db in try body(IndexReader { r in try Self.uploads(db, bucket, r.position, r.prefix, r.limit) }) }
    }

    static func uploads(_ db: StoreConnection, _ bucket: BucketName, _ position: IndexPosition, _ prefix: [UInt8], _ limit: Int) throws -> [Upload] {
        let (clause, args) = Codecs.rangeClause(position, prefix: prefix, idColumn: "upload_id")
        return try Codecs.uploads(db.cachedStatement(sql: "SELECT \(Codecs.listedUploadColumns) FROM uploads WHERE bucket = ?\(clause) ORDER BY key, upload_id LIMIT ?"),
                                  StatementArguments([bucket.value.databaseValue] + args + [limit.databaseValue]), listed: true,
                                  expected: min(limit, Codecs.largestBatch))
    }

    @discardableResult
    public func putPart(_ p: Part, bucket: BucketName) async throws -> Bool {
        let stored = StoredUploadID(p.uploadID)
        return try await writes.write(inline: true) { db in
            // By position, not through GRDB's Row (see ColumnCursor): 10,000 instructions an UploadPart.
            guard try ColumnCursor.first(db.statement(.uploadExists),
                                         bind: { $0.text(bucket.value); stored.bind(&$0) }, { _ in () }) != nil else {
                throw StorageError.noSuchUpload(p.uploadID.value)
            }
            var countDelta = 1
            var bytesDelta = p.size
            if let old = try ColumnCursor.first(db.statement(.uploadPart),
                                                bind: { stored.bind(&$0); $0.int(p.number.value) },
                                                { (blob: BlobID($0.text(0)), size: $0.int64(1)) }) {
                try Self.enqueueGarbage(db, [old.blob])
                countDelta = 0
                bytesDelta -= old.size
            }
            try db.statement(.insertPart).run { b in
                stored.bind(&b)
                b.int(p.number.value)
                b.int(p.size)
                b.text(p.etag.description)
                b.text(StoredText.checksumsText(p.checksums))
                b.text(p.blob.value)
                b.int(p.lastModified.microseconds)
            }
            try Self.withdrawIntents(db, [p.blob])
            try db.statement(.countPart).run { b in
                b.int(countDelta)
                b.int(bytesDelta)
                b.int(p.lastModified.microseconds)
                b.text(bucket.value)
                stored.bind(&b)
            }
            try Self.adjustTotals(db, bucket, uploads: 0, parts: countDelta, bytes: bytesDelta)
            return countDelta == 0
        }
    }

    public func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part] {
        try await readStatement { db in
            try ColumnCursor.all(db.statement(.partsAfter),
                                 bind: { StoredUploadID(uploadID).bind(&$0); $0.int(after); $0.int(limit) }) { Codecs.part($0, of: uploadID) }
        }
    }

    public func completeUpload(bucket: BucketName, id: UploadID, condition: WriteCondition,
                               build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try await writes.write { db in
            guard let upload = try Self.upload(db, bucket, id) else {
                throw StorageError.noSuchUpload(id.value)
            }
            let stored = StoredUploadID(id)
            let parts = try ColumnCursor.all(db.statement(.parts), bind: stored.bind) { Codecs.part($0, of: id) }
            let commit = try build(upload, parts)
            try Self.check(condition, db, bucket, commit.object.key)
            let used = Set(commit.object.manifest.map(\.blob))
            try Self.enqueueGarbage(db, parts.map(\.blob).filter { !used.contains($0) })
            _ = try Self.replaceObject(db, commit.object)
            try Self.deleteRows(db, bucket, stored)
            try Self.adjustTotals(db, bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
            let r = commit.receipt
            try db.statement(.insertCompletion).run { b in
                b.text(r.bucket.value)
                StoredUploadID(r.uploadID).bind(&b)
                b.blob(utf8: r.key.value)
                b.text(r.etag.description)
                b.text(r.partsDigest)
                b.int(r.size)
                b.int(r.completed.microseconds)
            }
            return commit
        }
    }

    public func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt? {
        try await readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM completions WHERE bucket = ? AND upload_id = ?"), arguments: [bucket.value.databaseValue, StoredUploadID(id).databaseValue])
                .map { row in
                    CompletionReceipt(
                        bucket: bucket, uploadID: id, key: ObjectKey(trusted: Codecs.keyString(row, "key")),
                        etag: ETag(parsing: row["etag"]) ?? ETag(hex: row["etag"]), partsDigest: row["parts_digest"],
                        size: row["size"], completed: Timestamp(microseconds: row["completed"]))
                }
        }
    }

    @discardableResult
    public func abortUpload(bucket: BucketName, id: UploadID) async throws -> Upload {
        try await writes.write { db in
            guard let upload = try Self.upload(db, bucket, id) else {
                throw StorageError.noSuchUpload(id.value)
            }
            try Self.delete(db, upload)
            return upload
        }
    }

    /// Deletes an upload and its parts, queues their blobs and adjusts the totals.
    static func delete(_ db: StoreConnection, _ upload: Upload) throws {
        let stored = StoredUploadID(upload.id)
        let blobs = try ColumnCursor.all(db.statement(.partBlobs), bind: stored.bind) {
            BlobID($0.text(0))
        }
        try enqueueGarbage(db, blobs)
        try deleteRows(db, upload.bucket, stored)
        try adjustTotals(db, upload.bucket, uploads: -1, parts: -upload.partCount, bytes: -upload.bytes)
    }

    /// Deletes an upload's row and its parts' rows.
    private static func deleteRows(_ db: StoreConnection, _ bucket: BucketName, _ stored: StoredUploadID) throws {
        try db.statement(.deleteParts).run(stored.bind)
        try db.statement(.deleteUpload).run { b in
            b.text(bucket.value)
            stored.bind(&b)
        }
    }

    static func adjustTotals(_ db: StoreConnection, _ bucket: BucketName, uploads: Int, parts: Int, bytes: Int64) throws {
        try db.statement(.adjustUploadTotals).run { b in
            b.text(bucket.value)
            b.int(uploads)
            b.int(parts)
            b.int(bytes)
        }
    }
}
