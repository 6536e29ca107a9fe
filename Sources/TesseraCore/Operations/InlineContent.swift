import NIOCore

/// Where a new object's bytes went: into a durable blob, or into memory, to be stored inline
/// with the object's metadata record (small objects; see ``EngineConfiguration/inlineObjectLimit``).
enum NewContent {
    /// A committed blob, unreachable until a record names it.
    case blob(BlobID)
    /// The whole content, durable once the record holding it commits.
    case inline([UInt8])
}

extension Engine {
    /// Whether an object of `size` bytes is stored inline.
    func storesInline(_ size: Int64) -> Bool {
        size <= Int64(configuration.inlineObjectLimit)
    }

    /// Reads a body of `declaredLength` bytes (small enough to store inline) into memory, hashing
    /// it and verifying `check`; a body of any other length is refused as the blob path refuses it.
    func ingestInline(_ body: ByteStream, check: IntegrityCheck, declaredLength: Int64) async throws -> ([UInt8], DigestSet.Result) {
        try check.validateShape()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(declaredLength))
        var digests = DigestSet(check: check)
        for try await chunk in body {
            digests.update(chunk)
            guard digests.count <= declaredLength else { throw StorageError.incompleteBody() }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        guard digests.count == declaredLength else { throw StorageError.incompleteBody() }
        return (bytes, try digests.finish())
    }

    /// A new object record over `content`.
    func newObject(bucket: BucketName, key: ObjectKey, content: NewContent, digest: DigestSet.Result,
                   attributes: ObjectAttributes, caller: Owner) -> ObjectRecord {
        var record = ObjectRecord(
            bucket: bucket, key: key, size: digest.size, etag: ETag(hex: Identifiers.hex(digest.md5)),
            lastModified: clock.now(), attributes: attributes, checksums: digest.checksums, manifest: [],
            owner: caller, ufileETag: digest.ufileETag, inlineContent: nil)
        switch content {
        case .blob(let blob): record.manifest = [Segment(blob: blob, size: digest.size)]
        case .inline(let bytes): record.inlineContent = bytes
        }
        return record
    }

    /// Checks a write's `condition` against the object there before any byte is written, so a
    /// refused write costs no body; ``commitNewObject(_:content:condition:)`` checks it again
    /// with the commit.
    func precheck(_ condition: WriteCondition, bucket: BucketName, key: ObjectKey) async throws {
        guard condition != .none else { return }
        try condition.check(try await metadata.object(bucket: bucket, key: key)?.etag, key: key.value)
    }

    /// Commits a new object record (replacing any object at its key); a blob it names is deleted
    /// again if the commit fails. A `condition` the caller checked before the bytes were written
    /// that fails in the commit lost a race to a concurrent write: `conditionalRequestConflict`
    /// (409), as S3 answers.
    func commitNewObject(_ record: ObjectRecord, content: NewContent, condition: WriteCondition = .none) async throws {
        do {
            if try await metadata.putObject(record, condition: condition) { garbageQueued() }
        } catch {
            if case .blob(let blob) = content { await dropUnreferenced(blob) }
            if condition != .none, let e = error as? StorageError, e.code == .preconditionFailed || e.code == .noSuchKey {
                throw StorageError(.conditionalRequestConflict,
                                   "A conflicting operation occurred. If using PutObject you can retry the request.",
                                   context: ErrorContext(bucket: record.bucket.value, key: record.key.value))
            }
            throw error
        }
    }
}
