extension Engine {
    /// Deletes an object; deleting a missing key succeeds (S3 semantics). Returns whether it existed.
    @discardableResult
    public func deleteObject(bucket: BucketName, key: ObjectKey, condition: WriteCondition = .none, caller: Owner) async throws -> Bool {
        _ = try await authorizedBucket(bucket, caller: caller, for: .write, action: .deleteObject, key: key)
        let existed = try await metadata.deleteObject(bucket: bucket, key: key, condition: condition)
        if existed { garbageQueued() }
        return existed
    }
}
