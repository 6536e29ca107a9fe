import TesseraCore
import TesseraHTTP

/// BOS's JSON documents, fields in a fixed order.
enum BOSDocuments {
    static func error(code: String, message: String, requestID: String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("code", code)
        j.string("message", message)
        j.string("requestId", requestID)
        j.closeObject()
        return j.document
    }

    static func owner(_ j: inout JSONWriter, _ o: Owner) {
        j.openObject("owner")
        j.string("id", o.id)
        j.string("displayName", o.displayName)
        j.closeObject()
    }

    static func listBuckets(_ buckets: [Bucket], owner o: Owner, defaultRegion: String) -> String {
        var j = JSONWriter()
        j.openObject()
        owner(&j, o)
        j.openArray("buckets")
        for b in buckets {
            j.openObject()
            j.string("name", b.name.value)
            j.string("location", b.region.isEmpty ? defaultRegion : b.region)
            j.string("creationDate", b.created.iso8601Seconds)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }

    static func location(_ region: String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("locationConstraint", region)
        j.closeObject()
        return j.document
    }

    static func listObjects(_ page: ListingPage<ObjectRecord>, bucket: String, prefix: String, delimiter: String?, marker: String, maxKeys: Int) -> JSONWriter {
        var j = JSONWriter(capacity: DocumentCapacity.listing(entries: page.count))
        j.openObject()
        j.string("name", bucket)
        j.string("prefix", prefix)
        if let delimiter { j.string("delimiter", delimiter) }
        j.string("marker", marker)
        if page.isTruncated, let next = page.nextKeyMarker { j.string("nextMarker", next) }
        j.int("maxKeys", Int64(maxKeys))
        j.bool("isTruncated", page.isTruncated)
        j.openArray("contents")
        page.forEachItem { o in
            j.openObject()
            j.string("key", o.pointee.key.value)
            j.string("lastModified", iso8601Seconds: o.pointee.lastModified)
            j.string("eTag", o.pointee.etag.description)
            j.int("size", o.pointee.size)
            j.string("storageClass", o.pointee.attributes.storageClass)
            owner(&j, o.pointee.owner)
            j.closeObject()
        }
        j.closeArray()
        j.openArray("commonPrefixes")
        for p in page.commonPrefixes {
            j.openObject()
            j.string("prefix", p)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j
    }

    static func initiate(_ u: Upload) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("bucket", u.bucket.value)
        j.string("key", u.key.value)
        j.string("uploadId", u.id.value)
        j.closeObject()
        return j.document
    }

    static func complete(_ c: CompletedUpload, location: String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("location", location)
        j.string("bucket", c.bucket.value)
        j.string("key", c.key.value)
        j.string("eTag", c.etag.description)
        j.closeObject()
        return j.document
    }

    static func copyResult(_ etag: ETag, lastModified: Timestamp) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("lastModified", lastModified.iso8601Seconds)
        j.string("eTag", etag.description)
        j.closeObject()
        return j.document
    }

    static func listParts(_ page: PartsPage, marker: Int, maxParts: Int) -> String {
        let u = page.upload
        var j = JSONWriter(capacity: DocumentCapacity.listing(entries: page.parts.count))
        j.openObject()
        j.string("bucket", u.bucket.value)
        j.string("key", u.key.value)
        j.string("uploadId", u.id.value)
        j.string("initiated", iso8601Seconds: u.initiated)
        owner(&j, u.owner)
        j.string("storageClass", u.attributes.storageClass)
        j.int("partNumberMarker", Int64(marker))
        j.int("nextPartNumberMarker", Int64(page.nextPartNumberMarker))
        j.int("maxParts", Int64(maxParts))
        j.bool("isTruncated", page.isTruncated)
        j.openArray("parts")
        for p in page.parts {
            j.openObject()
            j.int("partNumber", Int64(p.number.value))
            j.string("lastModified", iso8601Seconds: p.lastModified)
            j.string("eTag", p.etag.description)
            j.int("size", p.size)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }

    struct UploadsQuery {
        var bucket: String, prefix: String, delimiter: String?, keyMarker: String, uploadIDMarker: String, maxUploads: Int
    }

    /// The seed document's fields and order; `nextUploadMarker` duplicates `nextUploadIdMarker`
    /// because the seed's example spells it that way.
    static func listUploads(_ page: ListingPage<Upload>, _ q: UploadsQuery, nextKeyMarker: String?) -> JSONWriter {
        var j = JSONWriter(capacity: DocumentCapacity.listing(entries: page.count))
        j.openObject()
        j.string("bucket", q.bucket)
        j.openArray("commonPrefixes")
        for p in page.commonPrefixes {
            j.openObject()
            j.string("prefix", p)
            j.closeObject()
        }
        j.closeArray()
        j.string("delimiter", q.delimiter ?? "")
        j.string("prefix", q.prefix)
        j.bool("isTruncated", page.isTruncated)
        j.string("keyMarker", q.keyMarker)
        j.string("uploadIdMarker", q.uploadIDMarker)
        j.int("maxUploads", Int64(q.maxUploads))
        if page.isTruncated {
            j.string("nextKeyMarker", nextKeyMarker ?? "")
            j.string("nextUploadIdMarker", page.nextIDMarker ?? "")
            j.string("nextUploadMarker", page.nextIDMarker ?? "")
        }
        j.openArray("uploads")
        page.forEachItem { u in
            j.openObject()
            j.string("key", u.pointee.key.value)
            j.string("uploadId", u.pointee.id.value)
            owner(&j, u.pointee.owner)
            j.string("initiated", iso8601Seconds: u.pointee.initiated)
            j.string("storageClass", u.pointee.attributes.storageClass)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j
    }

    static func deleteResult(errors: [(key: String, code: String, message: String)]) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("errors")
        for e in errors {
            j.openObject()
            j.string("key", e.key)
            j.string("code", e.code)
            j.string("message", e.message)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
