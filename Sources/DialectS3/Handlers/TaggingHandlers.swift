import TesseraCore
import TesseraHTTP

extension S3Dialect {
    /// GetObjectTagging: the object's tags (an empty `TagSet` when it has none).
    func getObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        xml(TaggingDocuments.render(try await engine.objectTags(bucket: bucket, key: key, caller: caller)))
    }

    /// PutObjectTagging: the `Tagging` body replaces the object's tags.
    func putObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        // The object's own rights decide (in the engine), as for PutObjectAcl.
        let tags = try TaggingDocuments.parse(try await document(r, auth, for: bucket, action: .putObjectTagging, objectLevel: true))
        try await engine.setObjectTags(bucket: bucket, key: key, tags, caller: auth.credential.owner)
        return WireResponse(status: .ok)
    }

    /// DeleteObjectTagging: the object keeps no tags.
    func deleteObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        try await engine.setObjectTags(bucket: bucket, key: key, [], caller: caller)
        return WireResponse(status: .noContent)
    }

    /// GetBucketTagging: the bucket's own tags; 404 NoSuchTagSet when it has none.
    func getBucketTagging(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        xml(TaggingDocuments.render(try await engine.bucketTags(bucket: bucket, caller: caller)))
    }

    /// PutBucketTagging: the `Tagging` body replaces the bucket's tags (at most 50).
    func putBucketTagging(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let tags = try TaggingDocuments.parse(try await document(r, auth, for: bucket, action: .putBucketTagging), forBucket: true)
        try await engine.setBucketTags(tags, bucket: bucket, caller: auth.credential.owner)
        return WireResponse(status: .noContent)
    }

    /// DeleteBucketTagging: the bucket keeps no tags.
    func deleteBucketTagging(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketTags(bucket: bucket, caller: caller)
        return WireResponse(status: .noContent)
    }
}
