import TesseraCore
import TesseraHTTP

extension UFileDialect {
    /// PrefixFileList (`?list`).
    func prefixFileList(_ b: BucketName, _ q: ListingQuery, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listObjects(bucket: b, query: q, caller: caller)
        return json(UFileDocuments.prefixFileList(page, bucket: b.value, etag: UFileDialect.etag))
    }

    /// ListObjects (`?listobjects`).
    func listObjects(_ b: BucketName, _ q: ListingQuery, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listObjects(bucket: b, query: q, caller: caller)
        return json(UFileDocuments.listObjects(page, bucket: b.value, prefix: q.prefix, delimiter: q.delimiter ?? "", maxKeys: q.limit, etag: UFileDialect.etag))
    }

    /// GetMultiUploadId (seed document). `NextMarker` is `key + NUL + uploadId`, which resumes
    /// exactly, also inside one key's uploads; it is empty on the last page.
    func multiUploadIDs(_ b: BucketName, _ q: ListingQuery, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listMultipartUploads(bucket: b, query: q, caller: caller)
        var next = ""
        if page.isTruncated, let key = page.nextKeyMarker, let id = page.nextIDMarker { next = ResumeMarker.join(key: key, uploadID: id) }
        return json(UFileDocuments.multiUploadIDs(page.items, bucket: b.value, uploadIDMarker: q.idMarker ?? "", isTruncated: page.isTruncated,
                                                  nextMarker: next))
    }
}
