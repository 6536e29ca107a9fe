import TesseraCore
import TesseraHTTP

extension BOSDialect {
    func listObjects(_ bucket: BucketName, _ q: ListingQuery, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listObjects(bucket: bucket, query: q, caller: caller)
        return json(BOSDocuments.listObjects(page, bucket: bucket.value, prefix: q.prefix, delimiter: q.delimiter, marker: q.keyMarker ?? "", maxKeys: q.limit))
    }

    /// BOS ListMultipartUploads: when a single key has more uploads than a page, `nextKeyMarker`
    /// carries `key + NUL + uploadId`, which a later `keyMarker` resumes exactly.
    func listMultipartUploads(_ bucket: BucketName, _ l: BOSUploadListing, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listMultipartUploads(bucket: bucket, query: l.query, caller: caller)
        var nextKeyMarker = page.nextKeyMarker
        if page.endsInsideKey, let key = page.nextKeyMarker, let id = page.nextIDMarker { nextKeyMarker = ResumeMarker.join(key: key, uploadID: id) }
        return json(BOSDocuments.listUploads(page, .init(bucket: bucket.value, prefix: l.query.prefix, delimiter: l.query.delimiter, keyMarker: l.keyMarker,
                                                          uploadIDMarker: l.uploadIDMarker, maxUploads: l.query.limit),
                                             nextKeyMarker: nextKeyMarker))
    }
}
