extension Engine {
    /// Creates a bucket owned by `caller`.
    public func createBucket(_ name: BucketName, region: String, caller: Owner) async throws -> Bucket {
        let bucket = Bucket(name: name, owner: caller, created: clock.now(), region: region)
        do {
            try await metadata.createBucket(bucket)
        } catch let e as StorageError where e.code == .bucketAlreadyExists && e.context.owner == caller.id {
            throw StorageError(.bucketAlreadyOwnedByYou,
                               "Your previous request to create the named bucket succeeded and you already own it.",
                               context: ErrorContext(bucket: name.value))
        }
        return bucket
    }

    /// Deletes an empty bucket of `caller`'s.
    public func deleteBucket(_ name: BucketName, caller: Owner) async throws {
        _ = try await authorizedBucket(name, caller: caller)
        try await metadata.deleteBucket(name)
    }

    /// The buckets `caller` owns, by name.
    public func listBuckets(caller: Owner) async throws -> [Bucket] {
        try await metadata.buckets().filter { $0.owner.id == caller.id }
    }
}
