import TesseraCore
import TesseraHTTP

/// ListObjects (V1), ListObjectsV2 and ListObjectVersions documents, each returned as its
/// writer (`document` for its text, `buffer` for a response body).
enum ObjectListDocuments {
    struct V1 {
        var bucket: String, prefix: String, marker: String, delimiter: String?, maxKeys: Int, encoding: ListingEncoding
        var restoreStatus = false
    }

    /// One object of a listing. The time and the quoted ETag go into the document without a
    /// `String` made for each (callgrind, docs/benchmarks.md, the twenty-first pass).
    static func contents(_ x: inout XMLWriter, _ o: UnsafePointer<ObjectRecord>, encoding: ListingEncoding, owner: Bool, restoreStatus: Bool) {
        x.open("Contents")
        x.element("Key", encoding.apply(o.pointee.key.value))
        x.element("LastModified", iso8601: o.pointee.lastModified)
        x.element("ETag", quoting: o.pointee.etag.description)
        checksums(&x, o.pointee.checksums)
        x.element("Size", String(o.pointee.size))
        if owner {
            x.principal("Owner", o.pointee.owner)
        }
        x.element("StorageClass", o.pointee.attributes.storageClass)
        if restoreStatus { self.restoreStatus(&x, storageClass: o.pointee.attributes.storageClass) }
        x.close("Contents")
    }

    /// `RestoreStatus`, asked for by `x-amz-optional-object-attributes`: an archived object is
    /// always readable here, so it is listed as restored for good (no `RestoreExpiryDate`), as
    /// HEAD says in `x-amz-restore`; other objects have none.
    static func restoreStatus(_ x: inout XMLWriter, storageClass: String) {
        guard S3Headers.archiveClasses.contains(storageClass) else { return }
        x.open("RestoreStatus")
        x.element("IsRestoreInProgress", literal: "false")
        x.close("RestoreStatus")
    }

    /// An object's checksums as S3 lists them, after its ETag: the algorithm of each stored
    /// checksum (`ChecksumAlgorithm`, a list in S3's model) and their type (`FULL_OBJECT`, or
    /// `COMPOSITE` for a multipart object's checksum of its parts' checksums). Nothing for an
    /// object stored without one. The values themselves are shown by HEAD, GET and
    /// GetObjectAttributes, not by listings.
    static func checksums(_ x: inout XMLWriter, _ checksums: [Checksum]) {
        guard let first = checksums.first else { return }
        for c in checksums { x.element("ChecksumAlgorithm", literal: c.algorithm.spelling) }
        x.element("ChecksumType", literal: first.type.spelling)
    }

    static func commonPrefixes(_ x: inout XMLWriter, _ page: ListingPage<ObjectRecord>, encoding: ListingEncoding) {
        for p in page.commonPrefixes {
            x.element("CommonPrefixes") { c in c.element("Prefix", encoding.apply(p)) }
        }
    }

    static func v1(_ page: ListingPage<ObjectRecord>, _ q: V1) -> XMLWriter {
        var x = XMLWriter(capacity: DocumentCapacity.listing(entries: page.count))
        x.open("ListBucketResult", xmlns: s3Namespace)
        x.element("Name", q.bucket)
        x.element("Prefix", q.encoding.apply(q.prefix))
        x.element("Marker", q.encoding.apply(q.marker))
        if page.isTruncated, let next = page.nextKeyMarker { x.element("NextMarker", q.encoding.apply(next)) }
        x.element("MaxKeys", String(q.maxKeys))
        if let d = q.delimiter { x.element("Delimiter", q.encoding.apply(d)) }
        x.element("IsTruncated", page.isTruncated ? "true" : "false")
        if q.encoding.url { x.element("EncodingType", "url") }
        page.forEachItem { o in contents(&x, o, encoding: q.encoding, owner: true, restoreStatus: q.restoreStatus) }
        commonPrefixes(&x, page, encoding: q.encoding)
        x.close("ListBucketResult")
        return x
    }

    struct V2 {
        var bucket: String, prefix: String, delimiter: String?, maxKeys: Int, encoding: ListingEncoding
        var continuationToken: String?, startAfter: String?, fetchOwner: Bool
        var restoreStatus = false
    }

    static func v2(_ page: ListingPage<ObjectRecord>, _ q: V2, nextToken: String?) -> XMLWriter {
        var x = XMLWriter(capacity: DocumentCapacity.listing(entries: page.count))
        x.open("ListBucketResult", xmlns: s3Namespace)
        x.element("Name", q.bucket)
        x.element("Prefix", q.encoding.apply(q.prefix))
        if let t = q.continuationToken { x.element("ContinuationToken", t) }
        if let t = nextToken { x.element("NextContinuationToken", t) }
        if let s = q.startAfter { x.element("StartAfter", q.encoding.apply(s)) }
        x.element("KeyCount", String(page.count))
        x.element("MaxKeys", String(q.maxKeys))
        if let d = q.delimiter { x.element("Delimiter", q.encoding.apply(d)) }
        x.element("IsTruncated", page.isTruncated ? "true" : "false")
        if q.encoding.url { x.element("EncodingType", "url") }
        page.forEachItem { o in contents(&x, o, encoding: q.encoding, owner: q.fetchOwner, restoreStatus: q.restoreStatus) }
        commonPrefixes(&x, page, encoding: q.encoding)
        x.close("ListBucketResult")
        return x
    }

    static func versions(_ page: ListingPage<ObjectRecord>, bucket: String, prefix: String, keyMarker: String, delimiter: String?,
                         maxKeys: Int, encoding: ListingEncoding, restoreStatus: Bool = false) -> XMLWriter {
        var x = XMLWriter(capacity: DocumentCapacity.listing(entries: page.count))
        x.open("ListVersionsResult", xmlns: s3Namespace)
        x.element("Name", bucket)
        x.element("Prefix", encoding.apply(prefix))
        x.element("KeyMarker", encoding.apply(keyMarker))
        x.element("VersionIdMarker", "")
        if page.isTruncated, let next = page.nextKeyMarker {
            x.element("NextKeyMarker", encoding.apply(next))
            x.element("NextVersionIdMarker", "null")
        }
        x.element("MaxKeys", String(maxKeys))
        if let d = delimiter { x.element("Delimiter", encoding.apply(d)) }
        x.element("IsTruncated", page.isTruncated ? "true" : "false")
        if encoding.url { x.element("EncodingType", "url") }
        page.forEachItem { o in
            x.open("Version")
            x.element("Key", encoding.apply(o.pointee.key.value))
            x.element("VersionId", "null")
            x.element("IsLatest", "true")
            x.element("LastModified", iso8601: o.pointee.lastModified)
            x.element("ETag", quoting: o.pointee.etag.description)
            checksums(&x, o.pointee.checksums)
            x.element("Size", String(o.pointee.size))
            x.principal("Owner", o.pointee.owner)
            x.element("StorageClass", o.pointee.attributes.storageClass)
            if restoreStatus { self.restoreStatus(&x, storageClass: o.pointee.attributes.storageClass) }
            x.close("Version")
        }
        commonPrefixes(&x, page, encoding: encoding)
        x.close("ListVersionsResult")
        return x
    }
}
