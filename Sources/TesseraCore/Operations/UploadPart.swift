extension Engine {
    /// Stores one part. A part with the same number is replaced only when this one commits.
    /// Returns the part and, when a lifecycle rule applies, when the upload will be aborted.
    public func uploadPart(bucket: BucketName, key: ObjectKey, uploadID: UploadID, number: PartNumber, body: ByteStream,
                           declaredLength: Int64?, check: IntegrityCheck, caller: Owner) async throws -> (part: Part, abortSchedule: AbortSchedule?) {
        let (upload, record) = try await authorizedUploadAndBucket(bucket: bucket, key: key, id: uploadID, caller: caller)
        try refuseOversized(declaredLength, maxSize: configuration.maxPartSize)
        try requireSpace(for: declaredLength)
        var check = check
        if let algorithm = upload.checksumAlgorithm {
            // A part of an S3 upload checked only with another algorithm than the upload's: S3
            // refuses it. (BOS uploads carry a CRC-32 of Tessera's choosing; any BOS check goes.)
            let declared = Set(check.checksums.map(\.algorithm)).union(check.trailing?.expected ?? [])
            if upload.dialect == .s3, let other = declared.first, !declared.contains(algorithm) {
                throw StorageError(.invalidRequest,
                                   "Checksum Type mismatch occurred, expected checksum Type: \(algorithm.rawValue.lowercased()), actual checksum Type: \(other.rawValue.lowercased())",
                                   context: ErrorContext(uploadID: uploadID.value, partNumber: number.value))
            }
            check.compute.insert(algorithm)
        }
        // UFile part ETags and the object's block ETag are built from each part's SHA-1.
        if upload.dialect == .ufile { check.compute.insert(.sha1) }
        let (blob, digest) = try await ingest(body, check: check, maxSize: configuration.maxPartSize, declaredLength: declaredLength)
        let part = Part(uploadID: uploadID, number: number, size: digest.size, etag: ETag(hex: Identifiers.hex(digest.md5)),
                        checksums: digest.checksums, blob: blob, lastModified: clock.now())
        try await commitPart(part, bucket: bucket)
        return (part, schedule(record, upload, partTime: part.lastModified))
    }

    /// Stores a part copied from (a range of) an existing object. A `range` past the source's end
    /// is `invalidArgument`, naming the range as the request spelt it.
    public func uploadPartCopy(bucket: BucketName, key: ObjectKey, uploadID: UploadID, number: PartNumber,
                               source: (BucketName, ObjectKey), range: CopyRange?,
                               checkSource: @Sendable (ObjectRecord) throws -> Void = { _ in }, caller: Owner)
        async throws -> (part: Part, abortSchedule: AbortSchedule?)
    {
        let (upload, record) = try await authorizedUploadAndBucket(bucket: bucket, key: key, id: uploadID, caller: caller)
        let src = try await headObject(bucket: source.0, key: source.1, caller: caller)
        try checkSource(src)
        var r = (offset: Int64(0), length: src.size)
        if let range {
            guard let span = range.offsetAndLength(size: src.size) else {
                throw StorageError(.invalidArgument, "Range specified is not valid for source object of size: \(src.size)",
                                   context: ErrorContext(argument: .init(name: "copy-source-range", value: range.spelling)))
            }
            r = span
        }
        guard r.length <= configuration.maxPartSize else {
            throw StorageError(.entityTooLarge, "Your proposed upload exceeds the maximum allowed size")
        }
        try requireSpace(for: r.length)
        let check = IntegrityCheck(compute: upload.checksumAlgorithm.map { [$0] } ?? [])
        let (blob, digest) = try await copyBytes(of: src, offset: r.offset, length: r.length, check: check)
        let part = Part(uploadID: uploadID, number: number, size: digest.size, etag: ETag(hex: Identifiers.hex(digest.md5)),
                        checksums: digest.checksums, blob: blob, lastModified: clock.now())
        try await commitPart(part, bucket: bucket)
        return (part, schedule(record, upload, partTime: part.lastModified))
    }

    private func schedule(_ bucket: Bucket, _ upload: Upload, partTime: Timestamp) -> AbortSchedule? {
        bucket.lifecycle?.abortSchedule(key: upload.key, initiated: upload.initiated, lastActivity: max(upload.lastActivity, partTime))
    }

    private func commitPart(_ part: Part, bucket: BucketName) async throws {
        do {
            if try await metadata.putPart(part, bucket: bucket) { garbageQueued() }
        } catch {
            await dropUnreferenced(part.blob)
            throw error
        }
    }
}
