import HTTPTypes
import TesseraCore
import TesseraHTTP

/// Browsing a bucket's objects by prefix and `/`, downloading, deleting, and uploading from the
/// browser: the console's script sends a file in one request, or — from 16 MiB — as a multipart
/// upload of 8 MiB parts (start, parts, complete), each request streamed to the engine.
extension ConsoleEndpoint {
    /// Objects and folders per page.
    static let objectsPerPage = 100

    func objects(_ visitor: ConsoleVisitor, _ name: BucketName, prefix: String, after: String?) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let page = try await engine.listObjects(bucket: name, query: ListingQuery(prefix: prefix, delimiter: "/", keyMarker: after, limit: Self.objectsPerPage),
                                                caller: bucket.owner)
        let base = "/console/buckets/\(name.value)/objects"
        var crumbs = [ObjectsPage.Link(name: name.value, link: base)]
        var walked = ""
        for part in prefix.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            walked += part + "/"
            crumbs.append(ObjectsPage.Link(name: String(part) + "/", link: base + "?prefix=" + PercentEncoding.encode(walked)))
        }
        let view = ObjectsPage(
            nav: visitor.nav("objects"), bucket: name.value, prefix: prefix, crumbs: crumbs,
            folders: page.commonPrefixes.map { ObjectsPage.Link(name: String($0.dropFirst(prefix.count)), link: base + "?prefix=" + PercentEncoding.encode($0)) },
            objects: page.items.map { o in
                ObjectsPage.Object(key: o.key.value, name: String(o.key.value.dropFirst(prefix.count)), size: ConsoleFormat.bytes(o.size),
                                   modified: ConsoleFormat.instant(o.lastModified),
                                   download: base + "/download?key=" + PercentEncoding.encode(o.key.value))
            },
            empty: page.isEmpty,
            nextLink: page.isTruncated ? page.nextKeyMarker.map { base + "?prefix=" + PercentEncoding.encode(prefix) + "&after=" + PercentEncoding.encode($0) } : nil,
            csrf: visitor.session.csrfToken)
        return html(pages.render("objects", view))
    }

    func download(_ visitor: ConsoleVisitor, _ name: BucketName, _ key: ObjectKey) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let record = try await engine.headObject(bucket: name, key: key, caller: bucket.owner)
        let engine = self.engine
        var headers = HTTPFields()
        headers[.contentType] = record.attributes.contentType ?? "application/octet-stream"
        headers[.contentLength] = String(record.size)
        let filename = key.value.split(separator: "/").last.map(String.init) ?? "download"
        headers[.contentDisposition] = "attachment; filename*=UTF-8''" + PercentEncoding.encode(filename)
        headers[.cacheControl] = "no-store"
        return WireResponse(status: .ok, headers: headers, body: .stream(length: record.size) { sink in
            try await engine.readObject(record, offset: 0, length: record.size, into: sink)
        })
    }

    func deleteObject(_ visitor: ConsoleVisitor, _ name: BucketName, _ form: QueryParameters) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let key = try ObjectKey(form["key"] ?? "")
        try await engine.deleteObject(bucket: name, key: key, caller: bucket.owner)
        let folder = key.value.lastIndex(of: "/").map { String(key.value[...$0]) } ?? ""
        return Self.redirect("/console/buckets/\(name.value)/objects?prefix=" + PercentEncoding.encode(folder))
    }

    /// `?key=K` (whole file), or `?key=K&step=start|part|complete` (a multipart upload: `part`
    /// takes `uploadId` and `part`, `complete` takes `uploadId` and `etags`, comma-separated in
    /// part order). Answers JSON for the script.
    func uploadObject(_ visitor: ConsoleVisitor, _ name: BucketName, _ r: WireRequest) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let key = try ObjectKey(r.query["key"] ?? "")
        let owner = bucket.owner
        var json = JSONWriter()
        json.openObject()
        switch r.query["step"] ?? "" {
        case "":
            let o = try await engine.putObject(bucket: name, key: key, body: r.body, declaredLength: r.contentLength,
                                               attributes: ObjectAttributes(contentType: r.header(.contentType)), check: IntegrityCheck(), caller: owner)
            json.string("etag", o.etag.description)
        case "start":
            let started = try await engine.createMultipartUpload(bucket: name, key: key, attributes: ObjectAttributes(contentType: r.header(.contentType)),
                                                                 checksumAlgorithm: nil, dialect: .s3, caller: owner)
            json.string("uploadId", started.upload.id.value)
        case "part":
            let part = try await engine.uploadPart(bucket: name, key: key, uploadID: UploadID(r.query["uploadId"] ?? ""),
                                                   number: try PartNumber(Int(r.query["part"] ?? "") ?? 0), body: r.body,
                                                   declaredLength: r.contentLength, check: IntegrityCheck(), caller: owner)
            json.string("etag", part.part.etag.description)
        case "complete":
            let etags = (r.query["etags"] ?? "").split(separator: ",").map(String.init)
            let parts = try etags.enumerated().map { i, etag throws(StorageError) in RequestedPart(number: try PartNumber(i + 1), etag: etag) }
            let done = try await engine.completeMultipartUpload(bucket: name, key: key, uploadID: UploadID(r.query["uploadId"] ?? ""), parts: parts, caller: owner)
            json.string("etag", done.etag.description)
            json.int("size", done.size)
        default:
            throw StorageError.invalidArgument("Unknown upload step.", name: "step", value: r.query["step"] ?? "")
        }
        json.closeObject()
        return .text(.ok, json.document, contentType: "application/json")
    }
}

/// The objects page's view.
struct ObjectsPage: Sendable {
    struct Link: Sendable {
        let name, link: String
    }

    struct Object: Sendable {
        let key, name, size, modified, download: String
    }

    let nav: Nav
    let bucket, prefix: String
    let crumbs, folders: [Link]
    let objects: [Object]
    let empty: Bool
    let nextLink: String?
    let csrf: String
}
