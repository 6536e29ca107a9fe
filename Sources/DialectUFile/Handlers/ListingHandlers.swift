import TesseraCore
import TesseraHTTP

extension UFileDialect {
    /// PrefixFileList (`?list`): `prefix`, `marker` (resume after that key), `limit` (default 20).
    func prefixFileList(_ b: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let limit = try count(r, "limit", default: 20)
        let page = try await engine.listObjects(bucket: b, query: ListingQuery(prefix: r.query["prefix"] ?? "", keyMarker: r.query["marker"], limit: limit),
                                                caller: caller)
        return json(UFileDocuments.prefixFileList(page, bucket: b.value, etag: UFileDialect.etag))
    }

    /// ListObjects (`?listobjects`): `prefix`, `marker`, `max-keys` (default 1000), `delimiter`.
    func listObjects(_ b: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let maxKeys = try count(r, "max-keys", default: 1000)
        let prefix = r.query["prefix"] ?? "", delimiter = r.query["delimiter"] ?? ""
        let page = try await engine.listObjects(bucket: b, query: ListingQuery(prefix: prefix, delimiter: delimiter.isEmpty ? nil : delimiter,
                                                                               keyMarker: r.query["marker"], limit: maxKeys), caller: caller)
        return json(UFileDocuments.listObjects(page, bucket: b.value, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys, etag: UFileDialect.etag))
    }

    /// GetMultiUploadId (seed document): `prefix`, one `marker`, `limit` (default 20). `NextMarker`
    /// is `key + NUL + uploadId`, which resumes exactly, also inside one key's uploads; a plain key
    /// as marker resumes after that key; `NextMarker` is empty on the last page.
    func multiUploadIDs(_ b: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let limit = try count(r, "limit", default: 20)
        let marker = r.query["marker"] ?? ""
        var keyMarker = marker, idMarker = ""
        if let nul = marker.firstIndex(of: "\u{0}") {
            keyMarker = String(marker[..<nul])
            idMarker = String(marker[marker.index(after: nul)...])
        }
        let page = try await engine.listMultipartUploads(
            bucket: b, query: ListingQuery(prefix: r.query["prefix"] ?? "", keyMarker: keyMarker, idMarker: idMarker, limit: limit), caller: caller)
        var next = ""
        if page.isTruncated, let key = page.nextKeyMarker, let id = page.nextIDMarker { next = key + "\u{0}" + id }
        return json(UFileDocuments.multiUploadIDs(page.items, nextMarker: next))
    }
}
