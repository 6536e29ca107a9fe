import TesseraCore
import TesseraHTTP

extension S3Dialect {
    func createMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let attributes = try S3Headers.attributes(r)
        let algorithm = try S3Headers.checksumAlgorithm(r)
        let (upload, abortSchedule) = try await engine.createMultipartUpload(bucket: bucket, key: key, attributes: attributes,
                                                            checksumAlgorithm: algorithm, checksumType: try ChecksumHeaders.type(r),
                                                            dialect: .s3, caller: caller)
        var response = xml(MultipartDocuments.initiate(upload))
        if let algorithm { response.setHeader("x-amz-checksum-algorithm", algorithm.rawValue) }
        if let type = upload.checksumType { response.setHeader("x-amz-checksum-type", type.rawValue) }
        S3Headers.abortSchedule(abortSchedule, into: &response)
        return response
    }

    func uploadPart(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ number: PartNumber, _ r: WireRequest,
                    _ auth: S3Authentication) async throws -> WireResponse {
        let (body, length, check) = try writeBody(r, auth, check: try S3Headers.integrity(r, payload: auth.payload))
        let (part, abortSchedule) = try await engine.uploadPart(bucket: bucket, key: key, uploadID: id, number: number, body: body,
                                               declaredLength: length, check: check, caller: auth.credential.owner)
        var response = WireResponse(status: .ok)
        response.headers.set(part.etag.quoted, for: .eTag)
        S3Headers.echoChecksums(part.checksums, into: &response)
        S3Headers.abortSchedule(abortSchedule, into: &response)
        return response
    }

    func uploadPartCopy(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ number: PartNumber, _ source: CopySource,
                        _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        var range: CopyRange?
        if let header = r.header("x-amz-copy-source-range") {
            guard let span = ByteRange(header: header)?.copyRange(spelt: header) else {
                throw StorageError.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                                                   name: "x-amz-copy-source-range", value: header)
            }
            range = span
        }
        let (part, abortSchedule) = try await engine.uploadPartCopy(bucket: bucket, key: key, uploadID: id, number: number,
                                                   source: (source.bucket, source.key), range: range,
                                                   checkSource: { [conditions = source.conditions] in try conditions.check($0) }, caller: caller)
        var response = xml(MultipartDocuments.copyResult(root: "CopyPartResult", etag: part.etag, lastModified: part.lastModified))
        S3Headers.abortSchedule(abortSchedule, into: &response)
        return response
    }

    func completeMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ condition: WriteCondition,
                                 _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let expected = try ChecksumHeaders.completion(r)
        let parts = try MultipartDocuments.parseComplete(try await document(r, auth, for: bucket, permission: .write, action: .putObject, key: key, checksumHeaders: false))
        let done = try await engine.completeMultipartUpload(bucket: bucket, key: key, uploadID: id, parts: parts, condition: condition,
                                                       expecting: expected, caller: auth.credential.owner)
        let virtual = S3Router.virtualBucket(host: r.host, domains: domains) != nil
        let location = "http://\(r.authority)/\(virtual ? "" : bucket.value + "/")\(PercentEncoding.encode(key.value, keepSlash: true))"
        var response = xml(MultipartDocuments.complete(done, location: location))
        S3Headers.expiration(done.expiry, into: &response)
        return response
    }

    func abortMultipartUpload(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ caller: Owner) async throws -> WireResponse {
        try await engine.abortMultipartUpload(bucket: bucket, key: key, uploadID: id, caller: caller)
        return WireResponse(status: .noContent)
    }

    func listParts(_ bucket: BucketName, _ key: ObjectKey, _ id: UploadID, _ listing: PartListing, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listParts(bucket: bucket, key: key, uploadID: id, marker: listing.marker, limit: listing.limit, caller: caller)
        var response = xml(MultipartDocuments.listParts(page, marker: listing.marker, maxParts: listing.limit))
        S3Headers.abortSchedule(page.abortSchedule, into: &response)
        return response
    }
}
