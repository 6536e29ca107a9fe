import TesseraCore
import TesseraHTTP

extension BOSDialect {
    /// GetObjectTagging: the object's tags.
    func getObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        json(TaggingDocuments.render(try await engine.objectTags(bucket: bucket, key: key, caller: caller)))
    }

    /// PutObjectTagging: the tags of `x-bce-tagging` (the SDK's `put_object_tagging_canned`), or
    /// of the JSON body, replace the object's.
    func putObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        var tags = try BOSHeaders.tags(r)
        if tags == nil { tags = try TaggingDocuments.parse(try await document(r, for: bucket, caller: caller, action: .putObjectTagging)) }
        try await engine.setObjectTags(bucket: bucket, key: key, tags ?? [], caller: caller)
        return WireResponse(status: .ok)
    }

    /// GetBucketTagging: `{"tag":[{"tag_key","tag_value"},…]}`, as BOS's Go SDK reads it; 404
    /// when the bucket has none. One tag set with S3's bucket tagging.
    func getBucketTagging(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        json(TaggingDocuments.renderBucket(try await engine.bucketTags(bucket: bucket, caller: caller)))
    }

    /// PutBucketTagging: `{"tags":[{"tagKey","tagValue"},…]}` (the Go SDK's `PutBucketTagArgs`)
    /// replaces the bucket's tags, checked as S3 checks a bucket's.
    func putBucketTagging(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let tags = try TaggingDocuments.parseBucket(try await document(r, for: bucket, caller: caller, action: .putBucketTagging))
        try await engine.setBucketTags(tags, bucket: bucket, caller: caller)
        return WireResponse(status: .ok)
    }

    /// DeleteBucketTagging: the bucket keeps no tags.
    func deleteBucketTagging(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketTags(bucket: bucket, caller: caller)
        return WireResponse(status: .ok)
    }

    /// DeleteObjectTagging: the object keeps no tags.
    func deleteObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        try await engine.setObjectTags(bucket: bucket, key: key, [], caller: caller)
        return WireResponse(status: .noContent)
    }
}
