import PostgresNIO
public import TesseraCore

/// A bucket's settings, each one `UPDATE` of its column that tells the other gateways.
extension PostgresMetadataStore {
    /// Runs one `UPDATE buckets …` that must change exactly the bucket; forgets the cached one.
    func updateBucket(_ name: BucketName, _ update: PostgresQuery) async throws {
        let changed = try await transaction { s in
            let changed = try await s.execute(update)
            try await ChangeNotices.send(s, .bucket(name))
            return changed
        }
        bucketCache.changed(name, to: nil)
        guard changed == 1 else { throw StorageError.noSuchBucket(name.value) }
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        let text = try configuration.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET lifecycle = \(text) WHERE name = \(bucket.value)")
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName) async throws {
        let text = acl.grants.isEmpty ? nil : try StoredText.json(acl)
        try await updateBucket(bucket, "UPDATE buckets SET acl = \(text) WHERE name = \(bucket.value)")
    }

    public func setTags(_ tags: [ObjectTag]?, bucket: BucketName) async throws {
        let text = try tags.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET tags = \(text) WHERE name = \(bucket.value)")
    }

    public func setPublicAccessBlock(_ block: PublicAccessBlock?, bucket: BucketName) async throws {
        let text = try block.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET public_access_block = \(text) WHERE name = \(bucket.value)")
    }

    public func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName) async throws {
        let text = ownership?.rawValue
        try await updateBucket(bucket, "UPDATE buckets SET object_ownership = \(text) WHERE name = \(bucket.value)")
    }

    public func setVersioning(_ status: VersioningStatus?, bucket: BucketName) async throws {
        let text = status?.rawValue
        try await updateBucket(bucket, "UPDATE buckets SET versioning = \(text) WHERE name = \(bucket.value)")
    }

    public func setPolicy(_ policy: BucketPolicy?, bucket: BucketName) async throws {
        let text = try policy.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET policy = \(text) WHERE name = \(bucket.value)")
    }

    public func setAccessList(_ list: BucketPolicy?, bucket: BucketName) async throws {
        let text = try list.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET access_list = \(text) WHERE name = \(bucket.value)")
    }

    public func setCrossOrigin(_ configuration: CrossOriginConfiguration?, bucket: BucketName) async throws {
        let text = try configuration.map(StoredText.json)
        try await updateBucket(bucket, "UPDATE buckets SET cors = \(text) WHERE name = \(bucket.value)")
    }

    public func setAccess(_ access: BucketAccess, bucket: BucketName) async throws {
        try await updateBucket(bucket, "UPDATE buckets SET access = \(access.rawValue) WHERE name = \(bucket.value)")
    }
}
