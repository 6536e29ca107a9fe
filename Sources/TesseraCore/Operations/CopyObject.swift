extension Engine {
    /// Copies (a range of) a source object into a new blob and returns a stream over it.
    /// Copy writes new bytes so that every blob has exactly one owner.
    func copyBytes(of source: ObjectRecord, offset: Int64, length: Int64, check: IntegrityCheck) async throws -> (BlobID, DigestSet.Result) {
        try await writeBlob { writer in
            var digests = DigestSet(check: check)
            try await readObject(source, offset: offset, length: length) { chunk in
                digests.update(chunk)
                try await writer.write(chunk)
            }
            return try digests.finish()
        }
    }

    /// Copies a whole small source object into memory, to be stored inline.
    func copyInline(of source: ObjectRecord, check: IntegrityCheck) async throws -> ([UInt8], DigestSet.Result) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(source.size))
        var digests = DigestSet(check: check)
        try await readObject(source, offset: 0, length: source.size) { chunk in
            digests.update(chunk)
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return (bytes, try digests.finish())
    }

    /// Copies an object. With `attributes` nil the source's attributes are kept (COPY directive)
    /// but not its ACL nor its website redirect: the copy gets `acl` and `websiteRedirect` (as
    /// S3 does). Its tags are the source's, or those `tags` names, whichever attributes it gets. `checkSource` sees the very source
    /// record that is copied (the dialect's conditions on it). `condition` is on the object the
    /// copy would replace, checked as ``putObject(bucket:key:body:declaredLength:attributes:check:condition:caller:)``
    /// checks it (before the bytes are copied, and again with the commit).
    public func copyObject(from source: (BucketName, ObjectKey), to bucket: BucketName, key: ObjectKey,
                           attributes: ObjectAttributes?, acl: AccessControlList? = nil, websiteRedirect: String? = nil,
                           tags: TagDirective = .copy, checkSource: @Sendable (ObjectRecord) throws -> Void = { _ in },
                           condition: WriteCondition = .none, caller: Owner) async throws -> ObjectRecord {
        if case .replace(let t) = tags { _ = try ObjectTag.validated(t) }
        let src = try await headObject(bucket: source.0, key: source.1, caller: caller)
        try checkSource(src)
        let target = try await authorizedBucket(bucket, caller: caller, for: .write, action: .putObject, key: key)
        try target.refuseBlocked(attributes?.acl ?? acl)
        try await precheck(condition, bucket: bucket, key: key)
        guard src.size <= configuration.maxObjectSize else {
            throw StorageError(.invalidRequest, "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
        }
        try requireSpace(for: src.size)
        let algorithms = Set(src.checksums.filter { !$0.isComposite }.map(\.algorithm))
        let check = IntegrityCheck(compute: algorithms)
        let content: NewContent
        let digest: DigestSet.Result
        if storesInline(src.size) {
            let (bytes, result) = try await copyInline(of: src, check: check)
            (content, digest) = (.inline(bytes), result)
        } else {
            let (blob, result) = try await copyBytes(of: src, offset: 0, length: src.size, check: check)
            (content, digest) = (.blob(blob), result)
        }
        var kept = src.attributes
        kept.acl = acl
        kept.websiteRedirectLocation = websiteRedirect
        var given = attributes ?? kept
        switch tags {
        case .copy: given.tags = src.attributes.tags
        case .replace(let t): given.tags = t
        }
        var record = newObject(bucket: bucket, key: key, content: content, digest: digest, attributes: given,
                               caller: target.objectOwner(writer: caller, acl: given.acl))
        record.ufileETag = nil
        try await commitNewObject(record, content: content, condition: condition)
        return record
    }
}
