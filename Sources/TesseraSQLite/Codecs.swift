import Foundation
import GRDB
import TesseraCore

/// Row <-> record conversions. Keys are stored as BLOBs so SQLite orders them by UTF-8 bytes.
enum Codecs {
    static func keyBlob(_ key: String) -> Data { Data(key.utf8) }
    static func keyBlob(_ bytes: [UInt8]) -> Data { Data(bytes) }
    static func keyString(_ row: Row, _ column: String) -> String {
        let data: Data = row[column]
        return String(decoding: data, as: UTF8.self)
    }

    /// The columns of an object record except its inline content (which a listing does not read).
    static let objectColumns = """
        bucket, key, size, etag, last_modified, \(objectAttributes), checksums, \(objectManifest), owner_id, owner_name, upload_id, ufile_etag
        """

    /// ``objectColumns`` for a listing page, which renders no manifest: an empty one in its place.
    static let listedObjectColumns = """
        bucket, key, size, etag, last_modified, \(objectAttributes), checksums, '', owner_id, owner_name, upload_id, ufile_etag
        """

    /// An object's attributes: in its row, or when longer than ``attributesLimit`` in its row of
    /// `object_attributes` (Schema v15).
    static let objectAttributes = """
        CASE WHEN objects.attributes_id IS NULL THEN objects.attributes \
        ELSE (SELECT attributes FROM object_attributes WHERE id = objects.attributes_id) END
        """

    /// Attributes longer than this (bytes of their JSON: user metadata, which S3 allows up to
    /// 2 KiB, or ACL grants) are stored in a row of their own, for the reason of
    /// ``manifestLimit``: 100,000 objects with 1,800 bytes of user metadata each took 11.5-12.2 s
    /// of server CPU to walk with ListObjectsV2 against 2.3-2.5 s without (docs/benchmarks.md,
    /// the nineteenth pass). Most objects' attributes are well under 200 bytes.
    static let attributesLimit = 384

    /// An object's manifest: in its row, or when longer than ``manifestLimit`` in its row of
    /// `object_manifests` (Schema v14).
    static let objectManifest = """
        CASE WHEN objects.manifest_id IS NULL THEN objects.manifest \
        ELSE (SELECT manifest FROM object_manifests WHERE id = objects.manifest_id) END
        """

    /// A manifest longer than this (bytes of its text, about eight parts) is stored in a row of
    /// its own. In the WITHOUT ROWID objects table a row is a cell of an index B-tree, which
    /// keeps about 1,000 bytes on its page; a 128-part manifest (4.8 KiB) spilled to overflow
    /// pages, which every search step comparing a key with that cell and every listed row read
    /// (docs/benchmarks.md, the eighteenth pass).
    static let manifestLimit = 384

    /// An object from a row of ``objectColumns``, and `content` when the row has it (a 13th
    /// column), read by position (``Columns``). A row of ``listedObjectColumns`` has an empty
    /// manifest, which reads as none. The bucket, owner and attributes come from `repeats` when
    /// the row before had the same (a listing page's rows; a single read has none to repeat).
    static func object(_ c: Columns, _ repeats: ObjectRepeats? = nil) throws -> ObjectRecord {
        let etag = c.text(3)
        return ObjectRecord(
            bucket: repeats?.bucket.read(c, 0, BucketName.init(trusted:)) ?? BucketName(trusted: c.text(0)), key: ObjectKey(trusted: c.text(1)),
            size: c.int64(2), etag: StoredText.etag(etag),
            lastModified: Timestamp(microseconds: c.int64(4)),
            attributes: try repeats?.attributes.read(c, 5, StoredText.attributes) ?? StoredText.attributes(c.text(5)),
            checksums: StoredText.checksums(c.text(6)), manifest: StoredText.manifest(c.text(7)),
            owner: Owner(id: repeats?.ownerID.read(c, 8) { $0 } ?? c.text(8), displayName: repeats?.ownerName.read(c, 9) { $0 } ?? c.text(9)),
            uploadID: c.optionalText(10).map(UploadID.init), ufileETag: c.optionalText(11),
            inlineContent: c.count > 12 ? c.optionalBytes(12) : nil)
    }

    /// The columns ``upload(_:)`` reads, in its order.
    static let uploadColumns = """
        bucket, key, upload_id, initiated, last_activity, owner_id, owner_name, initiator_id, initiator_name, dialect,
        checksum_algorithm, block_size, \(uploadAttributes), part_count, bytes, checksum_type, storage_class
        """

    /// What a listing page reads: ``uploadColumns`` with the storage class in place of the
    /// attributes (listed uploads carry only that of their attributes, and so never read a long
    /// one's row). Measured in docs/benchmarks.md.
    static let listedUploadColumns = uploadColumns.replacingOccurrences(of: uploadAttributes, with: "storage_class")

    /// An upload's attributes: in its row, or when longer than ``attributesLimit`` in its row of
    /// `upload_attributes` (Schema v15).
    static let uploadAttributes = """
        CASE WHEN uploads.attributes_id IS NULL THEN uploads.attributes \
        ELSE (SELECT attributes FROM upload_attributes WHERE id = uploads.attributes_id) END
        """

    /// An upload from a row of ``uploadColumns`` or ``listedUploadColumns`` (by position: a
    /// listing page decodes 1,000 of them). An initiator stored as an empty BLOB is the owner,
    /// empty attributes are the defaults with the row's storage class (``bindUploadRow(_:_:)``).
    /// The bucket, owner, dialect and a listed upload's storage class come from `repeats` when
    /// the row before had the same (a single read has none: a class and five reads through it
    /// cost 1,140 instructions more).
    static func upload(_ c: Columns, listed: Bool = false, _ repeats: UploadRepeats? = nil) throws -> Upload {
        let owner = Owner(id: repeats?.ownerID.read(c, 5) { $0 } ?? c.text(5), displayName: repeats?.ownerName.read(c, 6) { $0 } ?? c.text(6))
        let initiator = c.isText(7) ? Owner(id: c.text(7), displayName: c.text(8)) : owner
        let attributes: ObjectAttributes
        if listed {
            attributes = repeats?.storageClass.read(c, 12) { ObjectAttributes(storageClass: $0) } ?? ObjectAttributes(storageClass: c.text(12))
        } else {
            let text = c.text(12)
            attributes = text.isEmpty ? ObjectAttributes(storageClass: c.text(16)) : try StoredText.attributes(text)
        }
        var u = Upload(
            bucket: repeats?.bucket.read(c, 0, BucketName.init(trusted:)) ?? BucketName(trusted: c.text(0)), key: ObjectKey(trusted: c.text(1)),
            id: StoredUploadID.read(c, 2), initiated: Timestamp(microseconds: c.int64(3)), lastActivity: Timestamp(microseconds: c.int64(4)),
            owner: owner, initiator: initiator,
            dialect: repeats?.dialect.read(c, 9) { Dialect(rawValue: $0) ?? .s3 } ?? Dialect(rawValue: c.text(9)) ?? .s3,
            checksumAlgorithm: c.optionalText(10).flatMap(ChecksumAlgorithm.init(rawValue:)),
            blockSize: c.isNull(11) ? nil : c.int64(11), attributes: attributes,
            partCount: c.int(13), bytes: c.int64(14))
        if let type = c.optionalText(15).flatMap(ChecksumType.init(rawValue:)), u.checksumAlgorithm != nil { u.checksumType = type }
        return u
    }

    /// The values of an `uploads` row, in the table's column order. Most uploads are started by
    /// their bucket's owner with no attributes but a storage class: the initiator is then stored
    /// as an empty BLOB (the anonymous initiator is the empty text) and the attributes as an empty
    /// text (the storage class has its own column), 77 bytes less per upload (docs/benchmarks.md).
    /// `attributes` are what ``uploadAttributesText(_:)`` gave, as ``ApartTexts`` stores them.
    static func bindUploadRow(_ u: Upload, attributes: (text: String, id: Int64?), _ b: inout Bindings) {
        let sameInitiator = u.initiator == u.owner
        b.text(u.bucket.value)
        b.blob(utf8: u.key.value)
        StoredUploadID(u.id).bind(&b)
        b.int(u.initiated.microseconds)
        b.int(u.lastActivity.microseconds)
        b.text(u.owner.id)
        b.text(u.owner.displayName)
        if sameInitiator { b.blob([]) } else { b.text(u.initiator.id) }
        b.text(sameInitiator ? "" : u.initiator.displayName)
        b.text(u.dialect.rawValue)
        b.text(u.checksumAlgorithm?.rawValue)
        b.int(u.blockSize)
        b.text(attributes.text)
        b.int(u.partCount)
        b.int(u.bytes)
        b.text(u.attributes.storageClass)
        b.text(u.checksumType?.rawValue)
        b.int(attributes.id)
    }

    /// The text of an upload's attributes: empty when they are only a storage class (a column of
    /// its own), as most uploads' are.
    static func uploadAttributesText(_ u: Upload) -> String {
        u.attributes == ObjectAttributes(storageClass: u.attributes.storageClass) ? "" : AttributesCodec.encode(u.attributes)
    }

    /// All uploads a statement yields, decoded straight from SQLite's row buffers.
    static func uploads(_ statement: Statement, _ arguments: StatementArguments, listed: Bool = false, expected: Int = 0) throws -> [Upload] {
        let repeats = UploadRepeats()
        return try ColumnCursor.all(statement, arguments, expected: expected) { try upload($0, listed: listed, repeats) }
    }

    /// The most rows a listing's batch is given room for at once: a page of 1,000 and the
    /// entry that tells whether more follow.
    static let largestBatch = 1_001

    /// The columns ``part(_:of:)`` reads, in its order (not the upload id, which the query has).
    static let partColumns = "part_number, size, etag, checksums, blob, last_modified"

    /// A part of upload `id` from a row of ``partColumns``, by position (Complete reads up to
    /// 10,000 of them).
    static func part(_ c: Columns, of id: UploadID) -> Part {
        let etag = c.text(2)
        return Part(
            uploadID: id, number: PartNumber(trusted: c.int(0)), size: c.int64(1),
            etag: StoredText.etag(etag), checksums: StoredText.checksums(c.text(3)),
            blob: BlobID(c.text(4)), lastModified: Timestamp(microseconds: c.int64(5)))
    }

    /// SQL for "at or past `position`, key starting with `prefix`" and its arguments.
    static func rangeClause(_ position: IndexPosition, prefix: [UInt8], idColumn: String?) -> (String, [DatabaseValue]) {
        var clauses: [String] = []
        var args: [DatabaseValue] = []
        if !prefix.isEmpty {
            clauses.append("key >= ?")
            args.append(keyBlob(prefix).databaseValue)
            if let upper = KeyBytes.successor(of: prefix) {
                clauses.append("key < ?")
                args.append(keyBlob(upper).databaseValue)
            }
        }
        switch position {
        case .start: break
        case .keyAtLeast(let b):
            clauses.append("key >= ?")
            args.append(keyBlob(b).databaseValue)
        case .keyAfter(let b):
            clauses.append("key > ?")
            args.append(keyBlob(b).databaseValue)
        case .after(let k, let id):
            if let idColumn, case let stored = StoredUploadID(id), stored.isGenerated {
                clauses.append("(key, \(idColumn)) > (?, ?)")
                args += [keyBlob(k).databaseValue, stored.databaseValue]
            } else if let idColumn {
                // Not a generated id (a client's upload-id-marker can be anything): see StoredUploadID.
                let later = StoredUploadID.after(id, column: idColumn)
                clauses.append("key >= ? AND (key > ? OR \(later.sql))")
                args += [keyBlob(k).databaseValue, keyBlob(k).databaseValue] + later.arguments
            } else {
                clauses.append("key > ?")
                args.append(keyBlob(k).databaseValue)
            }
        }
        return (clauses.isEmpty ? "" : " AND " + clauses.joined(separator: " AND "), args)
    }
}
