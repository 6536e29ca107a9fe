extension Engine {
    /// One page of objects in key order.
    public func listObjects(bucket: BucketName, query: ListingQuery, caller: Owner) async throws -> ListingPage<ObjectRecord> {
        _ = try await authorizedBucket(bucket, caller: caller, for: .read, action: .listBucket)
        return try await metadata.readObjectIndex(bucket: bucket, manifests: false) { reader in try Paginator<ObjectRecord>.page(query, reader: reader) }
    }
}
