extension Engine {
    /// An object's tags (GetObjectTagging): for whoever may read the object. Empty when it has none.
    public func objectTags(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> [ObjectTag] {
        let (_, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .read, action: .getObjectTagging)
        return o.attributes.tags ?? []
    }

    /// Replaces an object's tags (PutObjectTagging; empty for DeleteObjectTagging): the bucket's
    /// owner, the object's, or a caller with FULL_CONTROL of it. The object keeps its bytes, its
    /// ETag and its other attributes; an object replaced meanwhile keeps its own tags
    /// (`noSuchKey`, as for a vanished one).
    public func setObjectTags(bucket: BucketName, key: ObjectKey, _ tags: [ObjectTag], caller: Owner) async throws {
        let tags = try ObjectTag.validated(tags)
        let (_, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .fullControl, action: tags.isEmpty ? .deleteObjectTagging : .putObjectTagging)
        try await metadata.updateAttributes(bucket: bucket, key: key, etag: o.etag) { $0.tags = tags }
    }
}
