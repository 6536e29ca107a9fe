import NIOConcurrencyHelpers

/// The in-memory store's credential removal, bucket settings (lifecycle, public access, ACLs, tags, CORS, public access block, object ownership)
/// and object ACLs.
extension InMemoryMetadataStore {
    public func removeCredential(accessKey: String) async throws -> Bool {
        state.withLockedValue { $0.credentials.removeValue(forKey: accessKey) != nil }
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.lifecycle = configuration }
    }

    public func setAccess(_ access: BucketAccess, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.access = access }
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.acl = acl }
    }

    public func setTags(_ tags: [ObjectTag]?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.tags = tags }
    }

    public func setCrossOrigin(_ configuration: CrossOriginConfiguration?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.crossOrigin = configuration }
    }

    public func setPublicAccessBlock(_ block: PublicAccessBlock?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.publicAccessBlock = block }
    }

    public func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.objectOwnership = ownership }
    }

    public func setVersioning(_ status: VersioningStatus?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.versioning = status }
    }

    /// Replaces a bucket's policy.
    public func setPolicy(_ policy: BucketPolicy?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.policy = policy }
    }

    /// Replaces a bucket's access list.
    public func setAccessList(_ list: BucketPolicy?, bucket: BucketName) async throws {
        try updateBucket(bucket) { $0.accessList = list }
    }

    func updateBucket(_ name: BucketName, _ change: (inout Bucket) -> Void) throws {
        try state.withLockedValue { s in
            guard var b = s.buckets[name] else { throw StorageError.noSuchBucket(name.value) }
            change(&b)
            s.buckets[name] = b
        }
    }

    public func updateAttributes(bucket: BucketName, key: ObjectKey, etag: ETag,
                                 _ change: @escaping @Sendable (inout ObjectAttributes) -> Void) async throws {
        try state.withLockedValue { s in
            let k = Array(key.value.utf8)
            guard let o = s.objects[bucket]?[k], o.etag == etag else { throw StorageError.noSuchKey(key.value) }
            change(&s.objects[bucket]![k]!.attributes)
        }
    }
}
