/// An in-progress multipart upload.
public struct Upload: Hashable, Sendable {
    /// The bucket.
    public var bucket: BucketName
    /// The key the object will get.
    public var key: ObjectKey
    /// The id (time-ordered for ids this engine created).
    public var id: UploadID
    /// When it was initiated, to the microsecond.
    public var initiated: Timestamp
    /// When the last part arrived (the initiation time before any part).
    public var lastActivity: Timestamp
    /// Owner of the future object.
    public var owner: Owner
    /// Who initiated it.
    public var initiator: Owner
    /// The dialect that initiated it; its part rules apply at completion.
    public var dialect: Dialect
    /// Checksum algorithm announced at initiation (`x-amz-checksum-algorithm`).
    public var checksumAlgorithm: ChecksumAlgorithm?
    /// How the object's checksum is built from the parts' (`x-amz-checksum-type`); `nil` when
    /// there is no algorithm.
    public var checksumType: ChecksumType?
    /// Fixed part size for UFile-initiated uploads.
    public var blockSize: Int64?
    /// Attributes the completed object gets.
    public var attributes: ObjectAttributes
    /// Number of parts currently held.
    public var partCount: Int
    /// Bytes currently held by its parts.
    public var bytes: Int64

    /// Creates an upload record.
    public init(
        bucket: BucketName, key: ObjectKey, id: UploadID, initiated: Timestamp, lastActivity: Timestamp,
        owner: Owner, initiator: Owner, dialect: Dialect, checksumAlgorithm: ChecksumAlgorithm?, checksumType: ChecksumType? = nil,
        blockSize: Int64?, attributes: ObjectAttributes, partCount: Int = 0, bytes: Int64 = 0
    ) {
        self.checksumType = checksumAlgorithm.map { checksumType ?? $0.defaultType }
        self.bucket = bucket
        self.key = key
        self.id = id
        self.initiated = initiated
        self.lastActivity = lastActivity
        self.owner = owner
        self.initiator = initiator
        self.dialect = dialect
        self.checksumAlgorithm = checksumAlgorithm
        self.blockSize = blockSize
        self.attributes = attributes
        self.partCount = partCount
        self.bytes = bytes
    }
}

/// One uploaded part of an in-progress upload.
public struct Part: Hashable, Sendable {
    /// The upload it belongs to.
    public var uploadID: UploadID
    /// Its engine number (1...10000).
    public var number: PartNumber
    /// Size in bytes.
    public var size: Int64
    /// MD5 ETag of its bytes.
    public var etag: ETag
    /// Checksums computed while it streamed in.
    public var checksums: [Checksum]
    /// The blob holding it.
    public var blob: BlobID
    /// When it was written.
    public var lastModified: Timestamp

    /// Creates a part record.
    public init(uploadID: UploadID, number: PartNumber, size: Int64, etag: ETag, checksums: [Checksum], blob: BlobID, lastModified: Timestamp) {
        self.uploadID = uploadID
        self.number = number
        self.size = size
        self.etag = etag
        self.checksums = checksums
        self.blob = blob
        self.lastModified = lastModified
    }
}
