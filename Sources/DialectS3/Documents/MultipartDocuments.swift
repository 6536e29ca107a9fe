import TesseraCore
import TesseraHTTP

/// Documents of the multipart operations.
enum MultipartDocuments {
    static func initiate(_ u: Upload) -> String {
        var x = XMLWriter()
        x.open("InitiateMultipartUploadResult", xmlns: s3Namespace)
        x.element("Bucket", u.bucket.value)
        x.element("Key", u.key.value)
        x.element("UploadId", u.id.value)
        x.close("InitiateMultipartUploadResult")
        return x.document
    }

    static func complete(_ c: CompletedUpload, location: String) -> String {
        var x = XMLWriter()
        x.open("CompleteMultipartUploadResult", xmlns: s3Namespace)
        x.element("Location", location)
        x.element("Bucket", c.bucket.value)
        x.element("Key", c.key.value)
        x.element("ETag", c.etag.quoted)
        for cs in c.checksums { x.element(named: "Checksum\(cs.algorithm.rawValue)", cs.base64) }
        if let first = c.checksums.first { x.element("ChecksumType", first.type.rawValue) }
        x.close("CompleteMultipartUploadResult")
        return x.document
    }

    static func copyResult(root: StaticString, etag: ETag, lastModified: Timestamp) -> String {
        var x = XMLWriter()
        x.open(root, xmlns: s3Namespace)
        x.element("LastModified", lastModified.iso8601)
        x.element("ETag", etag.quoted)
        x.close(root)
        return x.document
    }

    struct UploadsQuery {
        var bucket: String, prefix: String, delimiter: String?, keyMarker: String, uploadIDMarker: String, maxUploads: Int
        var encoding: ListingEncoding
        /// Whether the request named a prefix: AWS omits `Prefix` otherwise.
        var prefixSent = true
    }

    static func listUploads(_ page: ListingPage<Upload>, _ q: UploadsQuery) -> XMLWriter {
        var x = XMLWriter(capacity: DocumentCapacity.listing(entries: page.count))
        x.open("ListMultipartUploadsResult", xmlns: s3Namespace)
        x.element("Bucket", q.bucket)
        x.element("KeyMarker", q.encoding.apply(q.keyMarker))
        x.element("UploadIdMarker", q.uploadIDMarker)
        // On every response, as AWS sends them: where a truncated page resumes; else the page's
        // last upload; empty on a page without uploads.
        let lastUpload = page.items.last
        let next = page.isTruncated ? (page.nextKeyMarker ?? "", page.nextIDMarker ?? "") : (lastUpload?.key.value ?? "", lastUpload?.id.value ?? "")
        x.element("NextKeyMarker", q.encoding.apply(next.0))
        x.element("NextUploadIdMarker", next.1)
        if let d = q.delimiter { x.element("Delimiter", q.encoding.apply(d)) }
        if q.prefixSent { x.element("Prefix", q.encoding.apply(q.prefix)) }
        x.element("MaxUploads", String(q.maxUploads))
        x.element("IsTruncated", page.isTruncated ? "true" : "false")
        if q.encoding.url { x.element("EncodingType", "url") }
        page.forEachEntry(item: { u in
            x.open("Upload")
            x.element("Key", q.encoding.apply(u.pointee.key.value))
            x.element("UploadId", u.pointee.id.value)
            x.principal("Initiator", u.pointee.initiator)
            x.principal("Owner", u.pointee.owner)
            x.element("StorageClass", u.pointee.attributes.storageClass)
            // Whole seconds with `.000Z`, as AWS shows them.
            x.element("Initiated", iso8601: Timestamp(microseconds: u.pointee.initiated.seconds * 1_000_000))
            if let a = u.pointee.checksumAlgorithm { x.element("ChecksumAlgorithm", a.rawValue) }
            if let t = u.pointee.checksumType { x.element("ChecksumType", t.rawValue) }
            x.close("Upload")
        }, commonPrefix: { p in
            x.element("CommonPrefixes") { c in c.element("Prefix", q.encoding.apply(p)) }
        })
        x.close("ListMultipartUploadsResult")
        return x
    }

    static func listParts(_ page: PartsPage, marker: Int, maxParts: Int) -> String {
        let u = page.upload
        var x = XMLWriter(capacity: DocumentCapacity.listing(entries: page.parts.count))
        x.open("ListPartsResult", xmlns: s3Namespace)
        x.element("Bucket", u.bucket.value)
        x.element("Key", u.key.value)
        x.element("UploadId", u.id.value)
        x.element("PartNumberMarker", String(marker))
        x.element("NextPartNumberMarker", String(page.nextPartNumberMarker))
        x.element("MaxParts", String(maxParts))
        x.element("IsTruncated", page.isTruncated ? "true" : "false")
        for p in page.parts {
            x.open("Part")
            x.element("PartNumber", String(p.number.value))
            x.element("LastModified", iso8601: p.lastModified)
            x.element("ETag", quoting: p.etag.description)
            x.element("Size", String(p.size))
            for c in p.checksums where c.algorithm == u.checksumAlgorithm { x.element(named: "Checksum\(c.algorithm.rawValue)", c.base64) }
            x.close("Part")
        }
        x.principal("Initiator", u.initiator)
        x.principal("Owner", u.owner)
        x.element("StorageClass", u.attributes.storageClass)
        if let a = u.checksumAlgorithm { x.element("ChecksumAlgorithm", a.rawValue) }
        if let t = u.checksumType { x.element("ChecksumType", t.rawValue) }
        x.close("ListPartsResult")
        return x.document
    }

    /// Parses `<CompleteMultipartUpload><Part><PartNumber/><ETag/>[<ChecksumXXX/>]</Part>…`.
    static func parseComplete(_ bytes: [UInt8]) throws(StorageError) -> [RequestedPart] {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw malformed }
        guard root.name == "CompleteMultipartUpload" else { throw malformed }
        var parts: [RequestedPart] = []
        for p in root.children("Part") {
            guard let n = p.child("PartNumber")?.text.trimmingSpaces(), let etag = p.child("ETag")?.text else { throw malformed }
            let number = try S3Router.parsePartNumber(n)
            var checksums: [Checksum] = []
            for a in ChecksumAlgorithm.allCases {
                if let v = p.child("Checksum\(a.rawValue)")?.text { checksums.append(Checksum(algorithm: a, base64: v)) }
            }
            parts.append(RequestedPart(number: number, etag: etag, checksums: checksums))
        }
        guard !parts.isEmpty else { throw malformed }
        return parts
    }

    static var malformed: StorageError {
        StorageError(.malformedDocument, "The XML you provided was not well-formed or did not validate against our published schema")
    }
}
