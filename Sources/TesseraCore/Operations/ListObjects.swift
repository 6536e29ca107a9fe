extension Engine {
    /// One page of objects in key order.
    public func listObjects(bucket: BucketName, query: ListingQuery, caller: Owner) async throws -> ListingPage<ObjectRecord> {
        _ = try await authorizedBucket(bucket, caller: caller)
        let store = metadata
        let paginator = Paginator<ObjectRecord> { position, prefix, limit in
            try await store.listObjects(bucket: bucket, from: position, prefix: prefix, limit: limit)
        }
        return try await paginator.page(query)
    }
}
