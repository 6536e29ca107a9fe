import PostgresNIO
public import TesseraCore

/// A bucket's settings, each one `UPDATE` of its column that tells the other gateways.
extension PostgresMetadataStore {
    /// Sets one text column of the bucket's row (`nil`: NULL) in one `UPDATE` that must change
    /// exactly the bucket, tells the other gateways, and forgets the cached bucket. The column
    /// is a literal of this file, never a caller's text.
    private func setColumn(_ column: StaticString, to text: String?, bucket name: BucketName) async throws {
        var binds = PostgresBindings()
        binds.append(text)
        binds.append(name.value)
        let update = PostgresQuery(unsafeSQL: "UPDATE buckets SET \(column) = $1 WHERE name = $2", binds: binds)
        let changed = try await transaction { s in
            let changed = try await s.execute(update)
            try await ChangeNotices.send(s, .bucket(name))
            return changed
        }
        bucketCache.changed(name, to: nil)
        guard changed == 1 else { throw StorageError.noSuchBucket(name.value) }
    }

    public func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws {
        try await setColumn("lifecycle", to: try configuration.map(StoredText.json), bucket: bucket)
    }

    public func setACL(_ acl: AccessControlList, bucket: BucketName) async throws {
        try await setColumn("acl", to: acl.grants.isEmpty ? nil : try StoredText.json(acl), bucket: bucket)
    }

    public func setTags(_ tags: [ObjectTag]?, bucket: BucketName) async throws {
        try await setColumn("tags", to: try tags.map(StoredText.json), bucket: bucket)
    }

    public func setPublicAccessBlock(_ block: PublicAccessBlock?, bucket: BucketName) async throws {
        try await setColumn("public_access_block", to: try block.map(StoredText.json), bucket: bucket)
    }

    public func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName) async throws {
        try await setColumn("object_ownership", to: ownership?.rawValue, bucket: bucket)
    }

    public func setVersioning(_ status: VersioningStatus?, bucket: BucketName) async throws {
        try await setColumn("versioning", to: status?.rawValue, bucket: bucket)
    }

    public func setPolicy(_ policy: BucketPolicy?, bucket: BucketName) async throws {
        try await setColumn("policy", to: try policy.map(StoredText.json), bucket: bucket)
    }

    public func setAccessList(_ list: BucketPolicy?, bucket: BucketName) async throws {
        try await setColumn("access_list", to: try list.map(StoredText.json), bucket: bucket)
    }

    public func setCrossOrigin(_ configuration: CrossOriginConfiguration?, bucket: BucketName) async throws {
        try await setColumn("cors", to: try configuration.map(StoredText.json), bucket: bucket)
    }

    public func setAccess(_ access: BucketAccess, bucket: BucketName) async throws {
        try await setColumn("access", to: access.rawValue, bucket: bucket)
    }
}
