/// One page of ListParts.
public struct PartsPage: Sendable {
    /// The upload.
    public var upload: Upload
    /// Parts in ascending number.
    public var parts: [Part]
    /// Whether more parts follow.
    public var isTruncated: Bool
    /// The last part number on the page (0 when empty).
    public var nextPartNumberMarker: Int
    /// When a lifecycle rule will abort the upload, if one applies.
    public var abortSchedule: AbortSchedule?

    /// Creates a page.
    public init(upload: Upload, parts: [Part], isTruncated: Bool, nextPartNumberMarker: Int, abortSchedule: AbortSchedule? = nil) {
        self.upload = upload
        self.parts = parts
        self.isTruncated = isTruncated
        self.nextPartNumberMarker = nextPartNumberMarker
        self.abortSchedule = abortSchedule
    }
}

extension Engine {
    /// Parts with a number above `marker`, at most `limit` (1...1000).
    public func listParts(bucket: BucketName, key: ObjectKey?, uploadID: UploadID, marker: Int, limit: Int, caller: Owner) async throws -> PartsPage {
        let (upload, record) = try await authorizedUploadAndBucket(bucket: bucket, key: key, id: uploadID, caller: caller, action: .listMultipartUploadParts)
        let limit = min(max(limit, 1), 1000)
        var parts = try await metadata.parts(uploadID: uploadID, after: max(marker, 0), limit: limit + 1)
        let truncated = parts.count > limit
        if truncated { parts.removeLast(parts.count - limit) }
        return PartsPage(upload: upload, parts: parts, isTruncated: truncated, nextPartNumberMarker: parts.last?.number.value ?? 0,
                         abortSchedule: record.lifecycle?.abortSchedule(key: upload.key, initiated: upload.initiated, lastActivity: upload.lastActivity))
    }
}
