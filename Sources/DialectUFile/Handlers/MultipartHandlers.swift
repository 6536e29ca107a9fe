import HTTPTypes
import TesseraCore
import TesseraHTTP

extension UFileDialect {
    func initiate(_ b: BucketName, _ k: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        var attrs = try attributes(r)
        if attrs.contentType == "text/plain" { attrs.contentType = nil }  // the SDK always sends text/plain here
        let (upload, _) = try await engine.createMultipartUpload(bucket: b, key: k, attributes: attrs, checksumAlgorithm: nil,
                                                            dialect: .ufile, caller: caller)
        return json(UFileDocuments.initiate(upload))
    }

    /// UFile numbers parts from 0; the engine from 1.
    func uploadPart(_ b: BucketName, _ k: ObjectKey, _ id: UploadID, _ n: Int, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let length: Int64? = r.header(.transferEncoding)?.lowercased().contains("chunked") == true ? nil : r.contentLength
        var check = try UFileDialect.integrity(r)
        check.ufileETag = false
        let (part, _) = try await engine.uploadPart(bucket: b, key: k, uploadID: id, number: try PartNumber(n + 1), body: r.body,
                                               declaredLength: length, check: check, caller: caller)
        var response = json(UFileDocuments.partNumber(n))
        response.headers[.eTag] = "\"\(UFileDialect.etag(part))\""
        return response
    }

    func uploadPartCopy(_ b: BucketName, _ k: ObjectKey, _ id: UploadID, _ n: Int, _ source: (BucketName, ObjectKey), _ r: WireRequest,
                        _ caller: Owner) async throws -> WireResponse {
        // A range that is not `bytes=first-last` with first <= last is refused, as BOS and S3 refuse
        // theirs: copying the whole source instead would store a part the caller did not ask for.
        // The `ufile` SDK sends `bytes=<offset>-<size - 1>`, so an offset past `size - 1` lands here.
        var range: CopyRange?
        if let header = r.header("x-ufile-copy-source-range") {
            guard let span = ByteRange(header: header)?.copyRange(spelt: header) else {
                throw StorageError.invalidArgument("X-Ufile-Copy-Source-Range must be bytes=first-last, first no greater than last",
                                                   name: "X-Ufile-Copy-Source-Range", value: header)
            }
            range = span
        }
        let (part, _) = try await engine.uploadPartCopy(bucket: b, key: k, uploadID: id, number: try PartNumber(n + 1), source: source,
                                                   range: range, caller: caller)
        var response = json(UFileDocuments.partNumber(n))
        response.headers[.eTag] = "\"\(UFileDialect.etag(part))\""
        return response
    }

    /// Finish: the body lists the part ETags in order (part 0 first), comma-separated, quoted or not.
    /// Each must be the ETag UFile returned for that part (its SHA-1 form) or its MD5 ETag.
    func finish(_ b: BucketName, _ k: ObjectKey, _ id: UploadID, _ newKey: ObjectKey?, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        _ = try await engine.authorizedBucket(b, caller: caller, action: .putObject, key: k)  // before any of the body is read
        let text = String(decoding: try await r.body.collect(upTo: 1024 * 1024).readableBytesView, as: UTF8.self)
        let given = text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" }).map { tag in
            var t = tag.trimmingCharacters()
            if t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 { t = t.dropFirst().dropLast() }
            return String(t)
        }.filter { !$0.isEmpty }
        guard !given.isEmpty else { throw StorageError(.malformedDocument, "The finish body must list the part ETags.") }
        var stored: [Int: Part] = [:]
        var marker = 0
        while true {
            let page = try await engine.listParts(bucket: b, key: k, uploadID: id, marker: marker, limit: 1000, caller: caller)
            for p in page.parts { stored[p.number.value] = p }
            guard page.isTruncated else { break }
            marker = page.nextPartNumberMarker
        }
        var requested: [RequestedPart] = []
        for (i, tag) in given.enumerated() {
            guard let part = stored[i + 1], tag == UFileDialect.etag(part) || ETag(parsing: tag) == part.etag else {
                throw StorageError(.invalidPart, "Part \(i) is missing or its ETag does not match.", context: ErrorContext(partNumber: i))
            }
            requested.append(RequestedPart(number: part.number, etag: part.etag.description))
        }
        let done = try await engine.completeMultipartUpload(bucket: b, key: k, uploadID: id, parts: requested, target: newKey, caller: caller)
        var response = json(UFileDocuments.finish(bucket: b.value, key: done.key.value, size: done.size))
        response.headers[.eTag] = "\"\(done.ufileETag ?? done.etag.description)\""
        return response
    }

    func abort(_ b: BucketName, _ k: ObjectKey, _ id: UploadID, _ caller: Owner) async throws -> WireResponse {
        try await engine.abortMultipartUpload(bucket: b, key: k, uploadID: id, caller: caller)
        return WireResponse(status: .noContent)
    }

    /// GetMultiUploadPart: `part-number-marker` is a UFile (0-based) part number to list after.
    func multiUploadParts(_ b: BucketName, _ id: UploadID, _ l: PartListing, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listParts(bucket: b, key: nil, uploadID: id, marker: l.marker, limit: l.limit, caller: caller)
        return json(UFileDocuments.multiUploadParts(page, maxParts: l.limit, etag: UFileDialect.etag))
    }
}
