/// What holds a blob: an object (its manifest may name several blobs) or an upload's part.
public enum BlobHolder: Hashable, Sendable, CustomStringConvertible {
    /// An object's manifest.
    case object(BucketName, ObjectKey)
    /// A part of an in-progress upload.
    case part(UploadID, PartNumber)

    /// For reports: `object bucket/key` or `part uploadId#n`.
    public var description: String {
        switch self {
        case .object(let bucket, let key): "object \(bucket.value)/\(key.value)"
        case .part(let upload, let number): "part \(upload.value)#\(number.value)"
        }
    }
}

/// One record that references blobs, with what its bytes must hash to.
public struct BlobReference: Sendable {
    /// The object or part.
    public var holder: BlobHolder
    /// Its ETag (an MD5 of the bytes, or for a completed multipart object the MD5 of the parts' MD5s and `-N`).
    public var etag: ETag
    /// The blobs in order, each with the size it must have.
    public var segments: [Segment]

    /// Creates a reference.
    public init(holder: BlobHolder, etag: ETag, segments: [Segment]) {
        self.holder = holder
        self.etag = etag
        self.segments = segments
    }
}

/// Everything the metadata says about blobs, read in one snapshot: what references them, which
/// are being written (intents) and which are queued for deletion. `tessera verify` compares it
/// with the blob files.
public struct BlobInventory: Sendable {
    /// Every object and part that holds blobs (inline objects hold none).
    public var references: [BlobReference]
    /// Blobs announced by a writer but not yet referenced.
    public var intents: Set<BlobID>
    /// The deletion queue.
    public var garbage: [GarbageEntry]

    /// Creates an inventory.
    public init(references: [BlobReference], intents: Set<BlobID>, garbage: [GarbageEntry]) {
        self.references = references
        self.intents = intents
        self.garbage = garbage
    }
}
