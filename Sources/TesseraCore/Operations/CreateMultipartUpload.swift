extension Engine {
    /// Starts an upload of `key`, recording the initiating dialect whose part rules will apply.
    /// `checksumType` (default: the algorithm's) says how the object's checksum is built; a type
    /// without an algorithm, FULL_OBJECT with a SHA, or COMPOSITE with CRC-64/NVME is `invalidRequest`.
    /// Returns the upload and, when a lifecycle rule applies, when it will be aborted.
    public func createMultipartUpload(bucket: BucketName, key: ObjectKey, attributes: ObjectAttributes,
                                      checksumAlgorithm: ChecksumAlgorithm?, checksumType: ChecksumType? = nil, dialect: Dialect, caller: Owner)
        async throws -> (upload: Upload, abortSchedule: AbortSchedule?)
    {
        let record = try await authorizedBucket(bucket, caller: caller, for: .write, action: .putObject, key: key)
        try record.refuseBlocked(attributes.acl)
        if let checksumType {
            guard let checksumAlgorithm else {
                throw StorageError(.invalidRequest, "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.",
                                   context: ErrorContext(argument: .init(name: "checksum-type", value: checksumType.rawValue)))
            }
            guard checksumAlgorithm.allows(checksumType) else {
                throw StorageError(.invalidRequest, "The \(checksumType.rawValue) checksum type cannot be used with the \(checksumAlgorithm.rawValue.lowercased()) checksum algorithm.",
                                   context: ErrorContext(argument: .init(name: "checksum-type", value: checksumType.rawValue)))
            }
        }
        try requireSpace(for: nil)
        let (now, id) = uploadIDs.next(at: clock.now())
        let upload = Upload(
            bucket: bucket, key: key, id: id, initiated: now, lastActivity: now,
            owner: caller, initiator: caller, dialect: dialect, checksumAlgorithm: checksumAlgorithm, checksumType: checksumType,
            blockSize: dialect == .ufile ? configuration.ufileBlockSize : nil, attributes: attributes)
        try await metadata.createUpload(upload)
        return (upload, record.lifecycle?.abortSchedule(key: key, initiated: now, lastActivity: now))
    }

    /// The upload `id` of `key`, if `caller` may take `action` on it (write its parts, list
    /// them, abort it); `noSuchUpload` if absent or of another key.
    public func authorizedUpload(bucket: BucketName, key: ObjectKey?, id: UploadID, caller: Owner,
                                 action: AccessAction = .putObject) async throws -> Upload {
        try await authorizedUploadAndBucket(bucket: bucket, key: key, id: id, caller: caller, action: action).upload
    }

    /// ``authorizedUpload(bucket:key:id:caller:action:)`` with the bucket record (for its lifecycle rules).
    func authorizedUploadAndBucket(bucket: BucketName, key: ObjectKey?, id: UploadID, caller: Owner,
                                   action: AccessAction = .putObject) async throws -> (upload: Upload, bucket: Bucket) {
        let record = try await authorizedBucket(bucket, caller: caller, for: .write, action: action, key: key)
        guard let upload = try await metadata.upload(bucket: bucket, id: id), key == nil || upload.key == key else {
            throw StorageError.noSuchUpload(id.value)
        }
        return (upload, record)
    }
}
