public import TesseraCore

/// A path-style request target, `/bucket` or `/bucket/key` (S3's and BOS's), split and decoded.
public struct PathStyleTarget: Sendable {
    /// The bucket; `nil` for the service root (`/`).
    public var bucket: BucketName?
    /// The key as sent (percent-encoded); empty for a bucket-level request.
    public var rawKey: String

    /// Splits `rawPath` (which must start with `/`) and validates the bucket name.
    public init(rawPath: Substring) throws(StorageError) {
        guard rawPath.hasPrefix("/") else { throw StorageError(.invalidRequest, "Invalid request target.") }
        let trimmed = rawPath.dropFirst()
        guard !trimmed.isEmpty else {
            bucket = nil
            rawKey = ""
            return
        }
        let slash = trimmed.utf8.firstIndex(of: UInt8(ascii: "/"))
        let rawBucket = String(slash.map { trimmed[..<$0] } ?? trimmed)
        rawKey = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? ""
        guard let name = PercentEncoding.decode(rawBucket) else { throw StorageError(.invalidBucketName, "The specified bucket is not valid.") }
        bucket = try BucketName(name)
    }

    /// A virtual-hosted-style target: the bucket came from the Host, the whole path is the key.
    public init(bucket rawBucket: String, rawPath: Substring) throws(StorageError) {
        guard rawPath.hasPrefix("/") else { throw StorageError(.invalidRequest, "Invalid request target.") }
        bucket = try BucketName(rawBucket)
        rawKey = String(rawPath.dropFirst())
    }

    /// The decoded key; `invalidArgument` if it is not UTF-8 or not a valid key.
    public func key() throws(StorageError) -> ObjectKey {
        guard let decoded = PercentEncoding.decode(rawKey) else { throw StorageError(.invalidArgument, "The key is not valid UTF-8.") }
        return try ObjectKey(decoded)
    }
}
