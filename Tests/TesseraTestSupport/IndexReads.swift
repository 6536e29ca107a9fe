public import TesseraCore

extension MetadataStore {
    /// Objects at or past `position` whose key starts with `prefix`, in key order (one read),
    /// with their manifests when `manifests`.
    public func listObjects(bucket: BucketName, from position: IndexPosition, prefix: [UInt8], limit: Int,
                            manifests: Bool = true) async throws -> [ObjectRecord] {
        try await readObjectIndex(bucket: bucket, manifests: manifests) { reader in try reader.read(IndexRange(position: position, prefix: prefix, limit: limit)) }
    }

    /// Uploads at or past `position` whose key starts with `prefix`, by (key, id) (one read).
    public func listUploads(bucket: BucketName, from position: IndexPosition, prefix: [UInt8], limit: Int) async throws -> [Upload] {
        try await readUploadIndex(bucket: bucket) { reader in try reader.read(IndexRange(position: position, prefix: prefix, limit: limit)) }
    }
}
