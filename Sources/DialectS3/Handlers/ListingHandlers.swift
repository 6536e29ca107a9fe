import TesseraCore
import TesseraHTTP

extension S3Dialect {
    func listObjects(_ bucket: BucketName, _ l: S3Listing, _ caller: Owner) async throws -> WireResponse {
        let page = l.shown(try await engine.listObjects(bucket: bucket, query: l.query, caller: caller))
        return xml(ObjectListDocuments.v1(page, .init(bucket: bucket.value, prefix: l.query.prefix, marker: l.query.keyMarker ?? "",
                                                       delimiter: l.query.delimiter, maxKeys: l.reportedLimit, encoding: ListingEncoding(url: l.urlEncoded),
                                                       restoreStatus: l.restoreStatus)))
    }

    func listObjectsV2(_ bucket: BucketName, _ l: S3Listing, _ caller: Owner) async throws -> WireResponse {
        let page = l.shown(try await engine.listObjects(bucket: bucket, query: l.query, caller: caller))
        let next = page.isTruncated ? page.nextKeyMarker.map(ContinuationToken.make(after:)) : nil
        return xml(ObjectListDocuments.v2(page, .init(bucket: bucket.value, prefix: l.query.prefix, delimiter: l.query.delimiter, maxKeys: l.reportedLimit,
                                                       encoding: ListingEncoding(url: l.urlEncoded), continuationToken: l.continuationToken,
                                                       startAfter: l.startAfter, fetchOwner: l.fetchOwner, restoreStatus: l.restoreStatus), nextToken: next))
    }

    func listObjectVersions(_ bucket: BucketName, _ l: S3Listing, _ caller: Owner) async throws -> WireResponse {
        let page = l.shown(try await engine.listObjects(bucket: bucket, query: l.query, caller: caller))
        return xml(ObjectListDocuments.versions(page, bucket: bucket.value, prefix: l.query.prefix, keyMarker: l.query.keyMarker ?? "",
                                                 delimiter: l.query.delimiter, maxKeys: l.reportedLimit, encoding: ListingEncoding(url: l.urlEncoded),
                                                 restoreStatus: l.restoreStatus))
    }

    func listMultipartUploads(_ bucket: BucketName, _ l: S3Listing, _ caller: Owner) async throws -> WireResponse {
        let page = l.shown(try await engine.listMultipartUploads(bucket: bucket, query: l.query, caller: caller))
        return xml(MultipartDocuments.listUploads(page, .init(bucket: bucket.value, prefix: l.query.prefix, delimiter: l.query.delimiter,
                                                              keyMarker: l.query.keyMarker ?? "", uploadIDMarker: l.query.idMarker ?? "",
                                                              maxUploads: l.reportedLimit, encoding: ListingEncoding(url: l.urlEncoded), prefixSent: l.prefixSent)))
    }
}

extension S3Listing {
    /// The page as the response shows it: empty for `max-keys=0` / `max-uploads=0`.
    func shown<Item>(_ page: ListingPage<Item>) -> ListingPage<Item> {
        emptyPage ? ListingPage(entries: [], isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil) : page
    }

    /// The `MaxKeys` / `MaxUploads` the response echoes.
    var reportedLimit: Int { emptyPage ? 0 : query.limit }
}
