/// The statements the store's small requests run, numbered for ``PreparedStatements``: the
/// transactions around them, an initiate's, a PUT's, an UploadPart's, a read of one object or
/// upload, a delete's, the garbage collector's.
enum HotStatement: Int, CaseIterable {
    // Transactions (``GroupCommit``, ``SQLiteMetadataStore/readSnapshot(_:)``)
    case beginImmediate, beginDeferred, commit, rollback
    case savepoint, releaseSavepoint, rollbackToSavepoint
    // Buckets
    case bucketExists
    // Objects
    case object, objectETag, objectManifest, insertContent, replaceObject, deleteObject
    case insertManifest, insertObjectAttributes
    // Uploads and parts
    case upload, uploadExists, insertUpload, insertUploadAttributes, adjustUploadTotals
    case uploadPart, partBlobs, partsAfter, parts, insertPart, countPart
    case deleteParts, deleteUpload, insertCompletion
    // Blobs
    case queueGarbage, pendingGarbage, removeGarbage, recordIntent, withdrawIntent

    /// The statement's SQL text, read once per connection, when it prepares the statement (so
    /// the texts built from ``Codecs``' column lists are built only then).
    var sql: String {
        switch self {
        case .beginImmediate: "BEGIN IMMEDIATE TRANSACTION"
        case .beginDeferred: "BEGIN DEFERRED TRANSACTION"
        case .commit: "COMMIT TRANSACTION"
        case .rollback: "ROLLBACK TRANSACTION"
        case .savepoint: "SAVEPOINT pending_write"
        case .releaseSavepoint: "RELEASE SAVEPOINT pending_write"
        case .rollbackToSavepoint: "ROLLBACK TO SAVEPOINT pending_write"
        case .bucketExists: "SELECT 1 FROM buckets WHERE name = ?"
        case .object: """
            SELECT \(Codecs.objectColumns), object_contents.content FROM objects
            LEFT JOIN object_contents ON object_contents.id = objects.content_id WHERE bucket = ? AND key = ?
            """
        case .objectETag: "SELECT etag FROM objects WHERE bucket = ? AND key = ?"
        case .objectManifest: "SELECT \(Codecs.objectManifest) FROM objects WHERE bucket = ? AND key = ?"
        case .insertContent: "INSERT INTO object_contents(content) VALUES (?)"
        case .replaceObject: """
            INSERT OR REPLACE INTO objects(bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name,
                                           upload_id, ufile_etag, content_id, manifest_id, attributes_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        case .deleteObject: "DELETE FROM objects WHERE bucket = ? AND key = ?"
        case .insertManifest: "INSERT INTO object_manifests(manifest) VALUES (?)"
        case .insertObjectAttributes: "INSERT INTO object_attributes(attributes) VALUES (?)"
        case .upload: "SELECT \(Codecs.uploadColumns) FROM uploads WHERE bucket = ? AND upload_id = ?"
        case .uploadExists: "SELECT 1 FROM uploads WHERE bucket = ? AND upload_id = ?"
        case .insertUpload: "INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        case .insertUploadAttributes: "INSERT INTO upload_attributes(attributes) VALUES (?)"
        case .adjustUploadTotals: """
            INSERT INTO upload_totals(bucket, uploads, parts, bytes) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT(bucket) DO UPDATE SET uploads = uploads + ?2, parts = parts + ?3, bytes = bytes + ?4
            """
        case .uploadPart: "SELECT blob, size FROM parts WHERE upload_id = ? AND part_number = ?"
        case .partBlobs: "SELECT blob FROM parts WHERE upload_id = ?"
        case .partsAfter: "SELECT \(Codecs.partColumns) FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?"
        case .parts: "SELECT \(Codecs.partColumns) FROM parts WHERE upload_id = ? ORDER BY part_number"
        case .insertPart: "INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?, ?, ?, ?)"
        case .countPart: """
            UPDATE uploads SET part_count = part_count + ?, bytes = bytes + ?, last_activity = MAX(last_activity, ?)
            WHERE bucket = ? AND upload_id = ?
            """
        case .deleteParts: "DELETE FROM parts WHERE upload_id = ?"
        case .deleteUpload: "DELETE FROM uploads WHERE bucket = ? AND upload_id = ?"
        case .insertCompletion: "INSERT OR REPLACE INTO completions VALUES (?, ?, ?, ?, ?, ?, ?)"
        case .queueGarbage: "INSERT INTO gc_queue(blob) VALUES (?)"
        case .pendingGarbage: "SELECT sequence, blob FROM gc_queue ORDER BY sequence LIMIT ?"
        case .removeGarbage: "DELETE FROM gc_queue WHERE sequence = ?"
        case .recordIntent: "INSERT OR IGNORE INTO blob_intents VALUES (?, ?)"
        case .withdrawIntent: "DELETE FROM blob_intents WHERE blob = ?"
        }
    }
}
