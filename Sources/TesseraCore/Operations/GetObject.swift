extension Engine {
    /// The object's metadata; `noSuchKey` if absent.
    public func headObject(bucket: BucketName, key: ObjectKey, caller: Owner) async throws -> ObjectRecord {
        guard let b = try await metadata.bucket(bucket) else { throw StorageError.noSuchBucket(bucket.value) }
        let owner = b.owner.id == caller.id
        let record = try await metadata.object(bucket: bucket, key: key)
        if owner { return try record ?? { throw StorageError.noSuchKey(key.value) }() }
        // Another caller reads what the object's ACL, its writer's ownership or a public
        // (UFile) bucket allows; learns that it is missing only with the bucket's READ.
        guard let record else {
            guard b.acl.allows(.read, to: caller, bucketOwner: b.owner) else { throw StorageError.accessDenied() }
            throw StorageError.noSuchKey(key.value)
        }
        let readable = (!caller.isAnonymous && record.owner.id == caller.id) || b.access == .publicRead
            || (record.attributes.acl?.allows(.read, to: caller, bucketOwner: b.owner) ?? false)
        guard readable else { throw StorageError.accessDenied() }
        return record
    }

    /// An object read without credentials: only from a ``BucketAccess/publicRead`` bucket; else
    /// `accessDenied` (also for a missing bucket, which an anonymous reader may not learn about).
    public func publicObject(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord {
        guard let b = try await metadata.bucket(bucket), b.access == .publicRead else { throw StorageError.accessDenied() }
        guard let record = try await metadata.object(bucket: bucket, key: key) else { throw StorageError.noSuchKey(key.value) }
        return record
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
