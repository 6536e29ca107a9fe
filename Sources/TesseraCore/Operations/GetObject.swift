extension Engine {
    /// The object's metadata, if `caller` may read it; `noSuchKey` if absent.
    public func headObject(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> ObjectRecord {
        try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .read, action: .getObject).object
    }

    /// The object's metadata for GetObjectAttributes, if `caller` may read it: a bucket policy
    /// must allow (or not deny) both `s3:GetObject` and `s3:GetObjectAttributes`, as S3 asks of
    /// an object without versions.
    public func objectAttributes(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> ObjectRecord {
        try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .read, action: .getObjectAttributes).object
    }

    /// The object's metadata, if `caller` may read it, and when and by which lifecycle rule it
    /// expires (S3's `x-amz-expiration`; `nil` when no rule expires it).
    public func headObjectAndExpiry(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> (object: ObjectRecord, expiry: AbortSchedule?) {
        let (b, object) = try await accessibleObject(bucket: bucket, key: key, caller: caller, permission: .read, action: .getObject)
        return (object, b.lifecycle?.expirySchedule(of: object))
    }

    /// The one decision for what a caller may do to an object (read it, read or replace its
    /// ACL or tags), taking `action`: a bucket policy's deny refuses anyone, its allow admits
    /// anyone; else the bucket's owner anything; another caller what the object's ACL grants, or
    /// as its writer (neither when the bucket's ACLs are off); reads also from a public (UFile)
    /// bucket. An object's read by one with an ACL of its own is not judged by the bucket's access
    /// list (BOS: an object's ACL prevails over its bucket's). A missing object is `noSuchKey`
    /// only for a caller who may list the bucket (its policy, READ, or a public bucket), else
    /// `accessDenied`.
    func accessibleObject(bucket: BucketName, key: ObjectKey, caller: Owner, permission: Permission,
                          action: AccessAction) async throws -> (bucket: Bucket, object: ObjectRecord) {
        guard let b = try await metadata.bucket(bucket) else { throw StorageError.noSuchBucket(bucket.value) }
        let found = try await metadata.object(bucket: bucket, key: key)
        let ownACLPrevails = found?.attributes.acl != nil && (action == .getObject || action == .getObjectAttributes)
        var verdict = policyVerdict(b, caller, action, key: key, accessList: !ownACLPrevails)
        if action == .getObjectAttributes {
            verdict = verdict.and(policyVerdict(b, caller, .getObject, key: key, accessList: !ownACLPrevails))
        }
        guard verdict != .denied else { throw StorageError.accessDenied() }
        let owner = b.owner.id == caller.id
        let publicRead = permission == .read && b.effectivePublicRead
        guard let record = found else {
            let listing = policyVerdict(b, caller, .listBucket, key: nil)
            guard listing != .denied, owner || publicRead || listing == .allowed
                || b.effectiveACL.allows(.read, to: caller, bucketOwner: b.owner) else { throw StorageError.accessDenied() }
            throw StorageError.noSuchKey(key.value)
        }
        let allowed = owner || verdict == .allowed || publicRead || (!caller.isAnonymous && !b.aclsDisabled && record.owner.id == caller.id)
            || (b.effective(record.attributes.acl)?.allows(permission, to: caller, bucketOwner: b.owner) ?? false)
        guard allowed else { throw StorageError.accessDenied() }
        return (b, record)
    }

    /// The byte range of part `number` (1-based) of an object; a single-part object has part 1 only.
    public func partRange(of record: ObjectRecord, number: Int) throws(StorageError) -> (offset: Int64, length: Int64) {
        let notSatisfiable = StorageError(.invalidPartNumber, "The requested partnumber is not satisfiable",
                                          context: ErrorContext(partNumber: number))
        guard record.uploadID != nil else {
            guard number == 1 else { throw notSatisfiable }
            return (0, record.size)
        }
        guard number >= 1, number <= record.manifest.count else { throw notSatisfiable }
        let offset = record.manifest[..<(number - 1)].reduce(Int64(0)) { $0 + $1.size }
        return (offset, record.manifest[number - 1].size)
    }

    /// Streams `length` bytes from `offset` of an object's content into `sink`, across its segments.
    public func readObject(_ record: ObjectRecord, offset: Int64, length: Int64, into sink: (ByteBuffer) async throws -> Void) async throws {
        if let content = record.inlineContent {
            guard length > 0 else { return }
            guard offset >= 0, offset + length <= Int64(content.count) else {
                throw StorageError(.internalError, "The inline content of \(record.key.value) is shorter than its metadata says.")
            }
            try await sink(ByteBuffer(bytes: content[Int(offset)..<Int(offset + length)]))
            return
        }
        var remaining = length
        var position = offset
        var segmentStart: Int64 = 0
        for segment in record.manifest where remaining > 0 {
            let segmentEnd = segmentStart + segment.size
            defer { segmentStart = segmentEnd }
            guard position < segmentEnd else { continue }
            let within = position - segmentStart
            let n = min(segment.size - within, remaining)
            try await blobs.read(segment.blob, offset: within, length: n, into: sink)
            remaining -= n
            position += n
        }
    }
}

public import NIOCore
