import HTTPTypes
import TesseraCore
import TesseraHTTP

extension BOSDialect {
    func initiateMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        // Every part gets a CRC-32 so that Complete can verify and keep the object's
        // (x-bce-content-crc32) by combining them, without reading the bytes again.
        let (upload, _) = try await engine.createMultipartUpload(bucket: bucket, key: key, attributes: try BOSHeaders.attributes(r),
                                                            checksumAlgorithm: .crc32, checksumType: .fullObject, dialect: .bos, caller: caller)
        return json(BOSDocuments.initiate(upload))
    }

    func uploadPart(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ n: PartNumber, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let (body, length) = try writeBody(r)
        let (part, _) = try await engine.uploadPart(bucket: bucket, key: key, uploadID: id, number: n, body: body, declaredLength: length,
                                               check: try BOSHeaders.integrity(r), caller: caller)
        var response = WireResponse(status: .ok)
        response.headers[.eTag] = part.etag.quoted
        return response
    }

    func uploadPartCopy(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ n: PartNumber, _ source: (BucketName, ObjectKey),
                        _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        var range: CopyRange?
        if let header = r.header("x-bce-copy-source-range") {
            guard let span = ByteRange(header: header)?.copyRange(spelt: header) else {
                throw StorageError.invalidArgument("x-bce-copy-source-range must be bytes=first-last", name: "x-bce-copy-source-range", value: header)
            }
            range = span
        }
        let conditions = CopySourceConditions(r, headerPrefix: "x-bce-copy-source-")
        let (part, _) = try await engine.uploadPartCopy(bucket: bucket, key: key, uploadID: id, number: n, source: source, range: range,
                                                   checkSource: { try conditions.check($0) }, caller: caller)
        return json(BOSDocuments.copyResult(part.etag, lastModified: part.lastModified))
    }

    func completeMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let expected = CompletionExpectations(checksum: try BOSHeaders.objectCRC(r), unverifiableChecksumRefused: false)
        let condition = try BOSHeaders.writeCondition(r)
        let parts = try RequestDocuments.parseComplete(try await document(r, for: bucket, caller: caller, action: .putObject, key: key))
        let done = try await engine.completeMultipartUpload(bucket: bucket, key: key, uploadID: id, parts: parts, condition: condition,
                                                            expecting: expected, caller: caller)
        let location = "http://\(r.authority)/\(bucket.value)/\(PercentEncoding.encode(key.value, keepSlash: true))"
        var response = json(BOSDocuments.complete(done, location: location))
        response.headers[.eTag] = done.etag.quoted
        return response
    }

    func abortMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ caller: Owner) async throws -> WireResponse {
        try await engine.abortMultipartUpload(bucket: bucket, key: key, uploadID: id, caller: caller)
        return WireResponse(status: .ok)
    }

    func listParts(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ l: PartListing, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listParts(bucket: bucket, key: key, uploadID: id, marker: l.marker, limit: l.limit, caller: caller)
        return json(BOSDocuments.listParts(page, marker: l.marker, maxParts: l.limit))
    }
}
