extension Engine {
    /// One page of in-progress uploads, from the (bucket, key, upload id) index: a page costs
    /// O(log N + page) index work, independent of how many uploads exist,
    /// all of it in one read of one snapshot.
    public func listMultipartUploads(bucket: BucketName, query: ListingQuery, caller: Owner) async throws -> ListingPage<Upload> {
        _ = try await authorizedBucket(bucket, caller: caller, for: .read, action: .listBucketMultipartUploads)
        return try await metadata.readUploadIndex(bucket: bucket) { reader in try Paginator<Upload>.page(query, reader: reader) }
    }
}
