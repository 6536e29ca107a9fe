extension Engine {
    /// Changes an object's storage class in place (UFile's ClassSwitch): the bucket's owner, the
    /// object's, or a caller with FULL_CONTROL of it. The class is a label here, as for every
    /// object (no class moves bytes or delays reads): the object keeps its bytes and its ETag;
    /// one replaced meanwhile keeps its own class (`noSuchKey`, as for a vanished one).
    public func setStorageClass(bucket: BucketName, key: ObjectKey, _ storageClass: String, caller: Owner) async throws {
        let (_, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .fullControl, action: .putObject)
        try await metadata.updateAttributes(bucket: bucket, key: key, etag: o.etag) { $0.storageClass = storageClass }
    }

    /// Changes an object's content type in place (UFile's OpMeta), with the same rights and the
    /// same guarantees as ``setStorageClass(bucket:key:_:caller:)``: bytes and ETag kept.
    public func setContentType(bucket: BucketName, key: ObjectKey, _ contentType: String, caller: Owner) async throws {
        let (_, o) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .fullControl, action: .putObject)
        try await metadata.updateAttributes(bucket: bucket, key: key, etag: o.etag) { $0.contentType = contentType }
    }
}
