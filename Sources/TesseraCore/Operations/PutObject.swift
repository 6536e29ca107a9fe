extension Engine {
    /// Stores `body` as `key`, replacing any object there once the new bytes are durable. A body
    /// declared no longer than ``EngineConfiguration/inlineObjectLimit`` is stored inline.
    public func putObject(bucket: BucketName, key: ObjectKey, body: ByteStream, declaredLength: Int64?,
                          attributes: ObjectAttributes, check: IntegrityCheck, caller: Owner) async throws -> ObjectRecord {
        _ = try await authorizedBucket(bucket, caller: caller)
        try requireSpace(for: declaredLength)
        let content: NewContent
        let digest: DigestSet.Result
        if let declaredLength, storesInline(declaredLength) {
            let (bytes, result) = try await ingestInline(body, check: check, declaredLength: declaredLength)
            (content, digest) = (.inline(bytes), result)
        } else {
            let (blob, result) = try await ingest(body, check: check, maxSize: configuration.maxObjectSize, declaredLength: declaredLength)
            (content, digest) = (.blob(blob), result)
        }
        let record = newObject(bucket: bucket, key: key, content: content, digest: digest, attributes: attributes, caller: caller)
        try await commitNewObject(record, content: content)
        return record
    }
}
