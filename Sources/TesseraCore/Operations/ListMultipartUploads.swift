extension Engine {
    /// One page of in-progress uploads, from the (bucket, key, upload id) index: a page costs
    /// O(log N + page) index work, independent of how many uploads exist.
    public func listMultipartUploads(bucket: BucketName, query: ListingQuery, caller: Owner) async throws -> ListingPage<Upload> {
        _ = try await authorizedBucket(bucket, caller: caller)
        let store = metadata
        let paginator = Paginator<Upload> { position, prefix, limit in
            try await store.listUploads(bucket: bucket, from: position, prefix: prefix, limit: limit)
        }
        return try await paginator.page(query)
    }
}
