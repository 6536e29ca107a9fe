extension Engine {
    /// Stores `body` as `key`, replacing any object there once the new bytes are durable. A body
    /// declared no longer than ``EngineConfiguration/inlineObjectLimit`` is stored inline.
    /// With a `condition`, the object there is checked before the body is read (412, or 404 for
    /// `matching` with none) and again, atomically, with the write: a concurrent write that won
    /// the race in between makes it `conditionalRequestConflict` (409).
    public func putObject(bucket: BucketName, key: ObjectKey, body: ByteStream, declaredLength: Int64?,
                          attributes: ObjectAttributes, check: IntegrityCheck, condition: WriteCondition = .none,
                          caller: Owner) async throws -> ObjectRecord {
        try await putObjectAndExpiry(bucket: bucket, key: key, body: body, declaredLength: declaredLength, attributes: attributes,
                                     check: check, condition: condition, caller: caller).object
    }

    /// ``putObject(bucket:key:body:declaredLength:attributes:check:condition:caller:)``, and when
    /// and by which lifecycle rule the object expires (S3's `x-amz-expiration`), from the rules
    /// of the bucket the write was authorized against (a second read of the bucket cost a PUT
    /// 8,500 instructions, +1.4 %: callgrind).
    public func putObjectAndExpiry(bucket: BucketName, key: ObjectKey, body: ByteStream, declaredLength: Int64?,
                                   attributes: ObjectAttributes, check: IntegrityCheck, condition: WriteCondition = .none,
                                   caller: Owner) async throws -> (object: ObjectRecord, expiry: AbortSchedule?) {
        let target = try await authorizedBucket(bucket, caller: caller, for: .write, action: .putObject, key: key)
        try target.refuseBlocked(attributes.acl)
        try await precheck(condition, bucket: bucket, key: key)
        try refuseOversized(declaredLength, maxSize: configuration.maxObjectSize)
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
        let record = newObject(bucket: bucket, key: key, content: content, digest: digest, attributes: attributes,
                               caller: target.objectOwner(writer: caller, acl: attributes.acl))
        try await commitNewObject(record, content: content, condition: condition)
        return (record, target.lifecycle?.expirySchedule(of: record))
    }
}
