extension Engine {
    /// Aborts an upload: its record and parts go in one transaction, their blobs through the GC queue.
    public func abortMultipartUpload(bucket: BucketName, key: ObjectKey, uploadID: UploadID, caller: Owner) async throws {
        _ = try await authorizedUpload(bucket: bucket, key: key, id: uploadID, caller: caller, action: .abortMultipartUpload)
        try await metadata.abortUpload(bucket: bucket, id: uploadID)
        garbageQueued()
    }
}
