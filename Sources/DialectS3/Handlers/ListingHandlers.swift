import TesseraCore
import TesseraHTTP

extension S3Dialect {
    func listObjects(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let q = r.query
        let maxKeys = try ListingParameters.maxCount(q, "max-keys")
        let encoding = try ListingParameters.encoding(q)
        let prefix = q["prefix"] ?? "", marker = q["marker"] ?? "", delimiter = ListingParameters.delimiter(q)
        let page = try await engine.listObjects(
            bucket: bucket, query: ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: marker, limit: maxKeys), caller: caller)
        return xml(ObjectListDocuments.v1(page, .init(bucket: bucket.value, prefix: prefix, marker: marker, delimiter: delimiter,
                                                       maxKeys: maxKeys, encoding: encoding)))
    }

    func listObjectsV2(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let q = r.query
        let maxKeys = try ListingParameters.maxCount(q, "max-keys")
        let encoding = try ListingParameters.encoding(q)
        let prefix = q["prefix"] ?? "", delimiter = ListingParameters.delimiter(q)
        let token = q["continuation-token"], startAfter = q["start-after"]
        var marker = startAfter
        if let token {
            guard let bytes = Base64.decode(token), let key = String(validating: bytes, as: UTF8.self) else {
                throw StorageError.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            marker = key
        }
        let page = try await engine.listObjects(
            bucket: bucket, query: ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: marker, limit: maxKeys), caller: caller)
        let next = page.isTruncated ? page.nextKeyMarker.map { Base64.encode(Array($0.utf8)) } : nil
        return xml(ObjectListDocuments.v2(page, .init(bucket: bucket.value, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys,
                                                       encoding: encoding, continuationToken: token, startAfter: startAfter,
                                                       fetchOwner: q["fetch-owner"] == "true"), nextToken: next))
    }

    func listObjectVersions(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let q = r.query
        let maxKeys = try ListingParameters.maxCount(q, "max-keys")
        let encoding = try ListingParameters.encoding(q)
        let prefix = q["prefix"] ?? "", keyMarker = q["key-marker"] ?? "", delimiter = ListingParameters.delimiter(q)
        let page = try await engine.listObjects(
            bucket: bucket, query: ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: keyMarker, limit: maxKeys), caller: caller)
        return xml(ObjectListDocuments.versions(page, bucket: bucket.value, prefix: prefix, keyMarker: keyMarker, delimiter: delimiter,
                                                 maxKeys: maxKeys, encoding: encoding))
    }

    func listMultipartUploads(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let q = r.query
        let maxUploads = try ListingParameters.maxCount(q, "max-uploads")
        let encoding = try ListingParameters.encoding(q)
        let prefix = q["prefix"] ?? "", delimiter = ListingParameters.delimiter(q)
        let keyMarker = q["key-marker"] ?? ""
        // upload-id-marker is ignored without key-marker (S3).
        let uploadIDMarker = keyMarker.isEmpty ? "" : (q["upload-id-marker"] ?? "")
        let query = ListingQuery(prefix: prefix, delimiter: delimiter, keyMarker: keyMarker, idMarker: uploadIDMarker, limit: maxUploads)
        let page = try await engine.listMultipartUploads(bucket: bucket, query: query, caller: caller)
        return xml(MultipartDocuments.listUploads(page, .init(bucket: bucket.value, prefix: prefix, delimiter: delimiter, keyMarker: keyMarker,
                                                              uploadIDMarker: uploadIDMarker, maxUploads: maxUploads, encoding: encoding)))
    }
}
