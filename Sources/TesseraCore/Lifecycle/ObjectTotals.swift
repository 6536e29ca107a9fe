/// What a bucket stores: its objects and their bytes, kept incrementally by the store.
public struct ObjectTotals: Hashable, Sendable {
    /// The bucket.
    public var bucket: BucketName
    /// Objects stored.
    public var objects: Int
    /// Bytes they hold.
    public var bytes: Int64

    /// Creates totals.
    public init(bucket: BucketName, objects: Int, bytes: Int64) {
        self.bucket = bucket
        self.objects = objects
        self.bytes = bytes
    }
}
