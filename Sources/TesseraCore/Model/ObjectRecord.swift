/// One contiguous piece of an object's bytes, stored as one blob.
public struct Segment: Hashable, Sendable, Codable {
    /// The blob holding the bytes.
    public var blob: BlobID
    /// Its length in bytes.
    public var size: Int64
    /// The checksum of its bytes in the upload's algorithm, for a part of a multipart object
    /// that had one (GetObjectAttributes lists it; a read of the part returns it).
    public var checksum: Checksum?

    /// Creates a segment.
    public init(blob: BlobID, size: Int64, checksum: Checksum? = nil) {
        self.blob = blob
        self.size = size
        self.checksum = checksum
    }
}

/// A committed object: its metadata and where its bytes are, either the manifest of blobs that
/// hold them or, for a small object, the bytes themselves stored inline with the metadata.
public struct ObjectRecord: Hashable, Sendable {
    /// The bucket.
    public var bucket: BucketName
    /// The key.
    public var key: ObjectKey
    /// Total size in bytes.
    public var size: Int64
    /// The MD5-style ETag.
    public var etag: ETag
    /// When it was written.
    public var lastModified: Timestamp
    /// Content headers and user metadata.
    public var attributes: ObjectAttributes
    /// Whole-object checksums (single-part objects) or composite ones (`-N` suffix).
    public var checksums: [Checksum]
    /// The blobs, in order; one per part for multipart objects. Empty when the bytes are inline.
    public var manifest: [Segment]
    /// The whole content of a small object, kept in the metadata transaction instead of a blob
    /// (see ``EngineConfiguration/inlineObjectLimit``); `nil` when the bytes are in ``manifest``.
    /// Listings do not read it: records from a listing carry `nil` here.
    public var inlineContent: [UInt8]?
    /// Who wrote it.
    public var owner: Owner
    /// The upload it was completed from, if any.
    public var uploadID: UploadID?
    /// UFile's SHA-1-block ETag, when the bytes were hashed that way (UFile writes).
    public var ufileETag: String?
}

extension ObjectRecord {
    /// Creates a record.
    ///
    /// Through the memberwise initializer the compiler makes (this one is in an extension so that
    /// it still makes it): assigned field by field here, the record was built in a local, copied
    /// out and the local destroyed, 859 instructions for every record a listing decodes, 6 % of a
    /// 1,000-object ListObjectsV2 page (callgrind, docs/benchmarks.md, "The thirty-third pass").
    /// Inside this module a call that leaves out `inlineContent` matches both; such calls pass it.
    public init(
        bucket: BucketName, key: ObjectKey, size: Int64, etag: ETag, lastModified: Timestamp,
        attributes: ObjectAttributes, checksums: [Checksum], manifest: [Segment], owner: Owner, uploadID: UploadID? = nil,
        ufileETag: String? = nil, inlineContent: [UInt8]? = nil
    ) {
        self.init(bucket: bucket, key: key, size: size, etag: etag, lastModified: lastModified, attributes: attributes,
                  checksums: checksums, manifest: manifest, inlineContent: inlineContent, owner: owner, uploadID: uploadID,
                  ufileETag: ufileETag)
    }
}
