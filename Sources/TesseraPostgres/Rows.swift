import NIOCore
import PostgresNIO
import TesseraCore

/// Row <-> record conversions: the same text forms as the SQLite store (``StoredText``), keys as
/// `bytea`, times as microseconds.
enum Rows {
    static let credentialColumns = "access_key, secret_key, owner_id, owner_name, is_admin, created"

    static func credential(_ row: PostgresRow) throws -> Credential {
        let c = Columns(row)
        return Credential(accessKey: try c[0], secretKey: try c[1], owner: Owner(id: try c[2], displayName: try c[3]),
                          isAdmin: try c[4], created: Timestamp(microseconds: try c[5]))
    }

    static let bucketColumns = "name, owner_id, owner_name, created, region, lifecycle, access, acl, tags, cors, public_access_block, object_ownership, policy, access_list, versioning"

    static func bucket(_ row: PostgresRow) throws -> Bucket {
        let c = Columns(row)
        return Bucket(name: BucketName(trusted: try c[0]), owner: Owner(id: try c[1], displayName: try c[2]),
                      created: Timestamp(microseconds: try c[3]), region: try c[4],
                      lifecycle: try (try c[5, as: String?.self]).map { try StoredText.decode(LifecycleConfiguration.self, $0) },
                      access: BucketAccess(rawValue: try c[6]) ?? .private,
                      acl: try (try c[7, as: String?.self]).map { try StoredText.decode(AccessControlList.self, $0) } ?? .private,
                      tags: try (try c[8, as: String?.self]).map { try StoredText.decode([ObjectTag].self, $0) },
                      crossOrigin: try (try c[9, as: String?.self]).map { try StoredText.decode(CrossOriginConfiguration.self, $0) },
                      publicAccessBlock: try (try c[10, as: String?.self]).map { try StoredText.decode(PublicAccessBlock.self, $0) },
                      objectOwnership: (try c[11, as: String?.self]).flatMap(ObjectOwnership.init(rawValue:)),
                      policy: try (try c[12, as: String?.self]).map { try StoredText.decode(BucketPolicy.self, $0) },
                      accessList: try (try c[13, as: String?.self]).map { try StoredText.decode(BucketPolicy.self, $0) },
                      versioning: (try c[14, as: String?.self]).flatMap(VersioningStatus.init(rawValue:)))
    }

    /// An object record's columns but its inline content (which a listing does not read).
    static let objectColumns = """
        bucket, key, size, etag, last_modified, attributes, checksums, manifest, owner_id, owner_name, upload_id, ufile_etag
        """

    /// An object from a row of ``objectColumns``, followed by `content` when `withContent`; its
    /// manifest left empty unless `manifest`.
    static func object(_ row: PostgresRow, withContent: Bool, manifest: Bool = true) throws -> ObjectRecord {
        let c = Columns(row)
        return ObjectRecord(
            bucket: BucketName(trusted: try c[0]), key: ObjectKey(trusted: try c.key(1)), size: try c[2],
            etag: StoredText.etag(try c[3]), lastModified: Timestamp(microseconds: try c[4]),
            attributes: try StoredText.attributes(try c[5]), checksums: StoredText.checksums(try c[6]),
            manifest: manifest ? StoredText.manifest(try c[7]) : [], owner: Owner(id: try c[8], displayName: try c[9]),
            uploadID: (try c[10, as: String?.self]).map(UploadID.init), ufileETag: try c[11],
            inlineContent: withContent ? (try c[12, as: ByteBuffer?.self]).map { Array($0.readableBytesView) } : nil)
    }

    /// The columns ``upload(_:listed:)`` reads, in its order.
    static let uploadColumns = """
        bucket, key, upload_id, initiated, last_activity, owner_id, owner_name, initiator_id, initiator_name, dialect,
        checksum_algorithm, block_size, attributes, part_count, bytes, checksum_type
        """

    /// A listing page's: the storage class in place of the attributes.
    static let listedUploadColumns = uploadColumns.replacingOccurrences(of: "block_size, attributes,", with: "block_size, storage_class,")

    /// An upload from a row of ``uploadColumns`` or ``listedUploadColumns``, decoded in one pass
    /// over the row (a listing page decodes 1,000 of them; no per-row cell array).
    static func upload(_ row: PostgresRow, listed: Bool = false) throws -> Upload {
        let (bucket, key, id, initiated, lastActivity, ownerID, ownerName, initiatorID, initiatorName, dialect,
             checksumAlgorithm, blockSize, attributes, partCount, bytes, checksumType) = try row.decode(
                (String, ByteBuffer, String, Int64, Int64, String, String, String, String, String,
                 String?, Int64?, String, Int, Int64, String?).self)
        var u = Upload(
            bucket: BucketName(trusted: bucket), key: ObjectKey(trusted: String(buffer: key)), id: UploadID(id),
            initiated: Timestamp(microseconds: initiated), lastActivity: Timestamp(microseconds: lastActivity),
            owner: Owner(id: ownerID, displayName: ownerName), initiator: Owner(id: initiatorID, displayName: initiatorName),
            dialect: Dialect(rawValue: dialect) ?? .s3, checksumAlgorithm: checksumAlgorithm.flatMap(ChecksumAlgorithm.init(rawValue:)),
            blockSize: blockSize, attributes: listed ? ObjectAttributes(storageClass: attributes) : try StoredText.attributes(attributes),
            partCount: partCount, bytes: bytes)
        if let type = checksumType.flatMap(ChecksumType.init(rawValue:)), u.checksumAlgorithm != nil { u.checksumType = type }
        return u
    }

    static let partColumns = "upload_id, part_number, size, etag, checksums, blob, last_modified"

    static func part(_ row: PostgresRow) throws -> Part {
        let c = Columns(row)
        return Part(uploadID: UploadID(try c[0]), number: PartNumber(trusted: try c[1]), size: try c[2], etag: StoredText.etag(try c[3]),
                    checksums: StoredText.checksums(try c[4]), blob: BlobID(try c[5]), lastModified: Timestamp(microseconds: try c[6]))
    }
}
