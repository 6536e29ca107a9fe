import TesseraCore
import TesseraHTTP

extension BOSDialect {
    func listObjects(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let maxKeys = try count(r, "maxKeys")
        let prefix = r.query["prefix"] ?? "", marker = r.query["marker"] ?? ""
        let delimiter = r.query["delimiter"].flatMap { $0.isEmpty ? nil : $0 }
        let page = try await engine.listObjects(bucket: bucket, query: ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: marker, limit: maxKeys),
                                                caller: caller)
        return json(BOSDocuments.listObjects(page, bucket: bucket.value, prefix: prefix, delimiter: delimiter, marker: marker, maxKeys: maxKeys))
    }

    /// BOS ListMultipartUploads. The official SDK resumes with `keyMarker` alone, so truncated
    /// pages end where one key's uploads end; when a single key has more uploads than a page,
    /// `nextKeyMarker` carries `key + NUL + uploadId`, which a later `keyMarker` resumes exactly.
    func listMultipartUploads(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let maxUploads = try count(r, "maxUploads")
        let prefix = r.query["prefix"] ?? ""
        let delimiter = r.query["delimiter"].flatMap { $0.isEmpty ? nil : $0 }
        let rawKeyMarker = r.query["keyMarker"] ?? ""
        var keyMarker = rawKeyMarker
        var uploadIDMarker = rawKeyMarker.isEmpty ? "" : (r.query["uploadIdMarker"] ?? "")
        if let nul = rawKeyMarker.firstIndex(of: "\u{0}") {
            keyMarker = String(rawKeyMarker[..<nul])
            uploadIDMarker = String(rawKeyMarker[rawKeyMarker.index(after: nul)...])
        }
        let query = ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: keyMarker, idMarker: uploadIDMarker, limit: maxUploads,
                                 endOnKeyBoundary: true)
        let page = try await engine.listMultipartUploads(bucket: bucket, query: query, caller: caller)
        var nextKeyMarker = page.nextKeyMarker
        if page.endsInsideKey, let key = page.nextKeyMarker, let id = page.nextIDMarker { nextKeyMarker = key + "\u{0}" + id }
        return json(BOSDocuments.listUploads(page, .init(bucket: bucket.value, prefix: prefix, delimiter: delimiter, keyMarker: rawKeyMarker,
                                                          uploadIDMarker: r.query["uploadIdMarker"] ?? "", maxUploads: maxUploads),
                                             nextKeyMarker: nextKeyMarker))
    }
}
