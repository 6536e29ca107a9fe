extension Engine {
    /// Stores `body` as `key`, replacing any object there once the new bytes are durable.
    public func putObject(bucket: BucketName, key: ObjectKey, body: ByteStream, declaredLength: Int64?,
                          attributes: ObjectAttributes, check: IntegrityCheck, caller: Owner) async throws -> ObjectRecord {
        _ = try await authorizedBucket(bucket, caller: caller)
        let (blob, digest) = try await ingest(body, check: check, maxSize: configuration.maxObjectSize, declaredLength: declaredLength)
        let record = ObjectRecord(
            bucket: bucket, key: key, size: digest.size, etag: ETag(hex: Identifiers.hex(digest.md5)),
            lastModified: clock.now(), attributes: attributes, checksums: digest.checksums,
            manifest: [Segment(blob: blob, size: digest.size)], owner: caller, ufileETag: digest.ufileETag)
        do {
            try await metadata.putObject(record)
        } catch {
            await dropUnreferenced(blob)
            throw error
        }
        garbageQueued()
        return record
    }
}
