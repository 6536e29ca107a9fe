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
        if tags == nil { tags = try TaggingDocuments.parse(try await document(r, for: bucket, caller: caller)) }
        try await engine.setObjectTags(bucket: bucket, key: key, tags ?? [], caller: caller)
        return WireResponse(status: .ok)
    }

    /// DeleteObjectTagging: the object keeps no tags.
    func deleteObjectTagging(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        try await engine.setObjectTags(bucket: bucket, key: key, [], caller: caller)
        return WireResponse(status: .noContent)
    }
}
