import Foundation
import HTTPTypes
import NIOCore
import TesseraCore
import TesseraHTTP

extension UFileDialect {
    /// The storage classes UFile takes in `X-Ufile-Storage-Class` (standard, infrequent access,
    /// archive); anything else is refused rather than stored and shown back.
    static let storageClasses: Set<String> = ["STANDARD", "IA", "ARCHIVE"]

    func attributes(_ r: WireRequest, contentType: String? = nil) throws -> ObjectAttributes {
        var meta: [MetadataEntry] = []
        for (name, value) in r.headers.namesAndValues(canonicalPrefix: "x-ufile-meta-") {
            meta.append(MetadataEntry(name: String(name.dropFirst("x-ufile-meta-".count)), value: value))
        }
        let storageClass = r.header("x-ufile-storage-class") ?? "STANDARD"
        guard Self.storageClasses.contains(storageClass) else {
            throw StorageError.invalidArgument("X-Ufile-Storage-Class must be STANDARD, IA or ARCHIVE.",
                                               name: "X-Ufile-Storage-Class", value: storageClass)
        }
        return ObjectAttributes(contentType: contentType ?? r.header(.contentType), userMetadata: meta, storageClass: storageClass)
    }

    func putFile(_ b: BucketName, _ k: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let length: Int64? = r.header(.transferEncoding)?.lowercased().contains("chunked") == true ? nil : r.contentLength
        guard length != nil || r.header(.transferEncoding) != nil else {
            throw WireError(.missingContentLength, "Content-Length is required.")
        }
        let record = try await engine.putObject(bucket: b, key: k, body: r.body, declaredLength: length, attributes: try attributes(r),
                                                check: try UFileDialect.integrity(r), caller: caller)
        var response = WireResponse(status: .ok)
        response.headers[.eTag] = "\"\(UFileDialect.etag(record))\""
        return response
    }

    /// PostFile: a form with `FileName`, `Authorization` and `file`; the signature covers the
    /// file part's Content-Type and the FileName.
    func postFile(_ b: BucketName, _ r: WireRequest) async throws -> WireResponse {
        guard let type = r.header(.contentType), let boundary = FormUpload.boundary(contentType: type) else {
            throw StorageError(.invalidRequest, "PostFile needs a multipart/form-data body.")
        }
        let body = try await r.body.collect(upTo: maxFormSize)
        let form = try FormUpload.parse(Array(body.readableBytesView), boundary: boundary)
        guard let name = form.field("FileName").map({ String(decoding: $0.data, as: UTF8.self) }), let file = form.field("file"),
              let auth = form.field("Authorization").map({ String(decoding: $0.data, as: UTF8.self) }) else {
            throw StorageError(.invalidRequest, "PostFile needs the FileName, Authorization and file fields.")
        }
        let key = try ObjectKey(name)
        let owner = try await verifier.verify(r, bucket: b.value, key: key.value, authorization: auth, contentType: file.contentType ?? "").owner
        let data = ByteBuffer(bytes: file.data)
        let record = try await engine.putObject(bucket: b, key: key, body: .buffers([data]), declaredLength: Int64(data.readableBytes),
                                                attributes: try attributes(r, contentType: file.contentType), check: IntegrityCheck(ufileETag: true), caller: owner)
        var response = WireResponse(status: .ok)
        response.headers[.eTag] = "\"\(UFileDialect.etag(record))\""
        return response
    }

    func getFile(_ b: BucketName, _ k: ObjectKey, _ r: WireRequest, _ caller: Owner, head: Bool) async throws -> WireResponse {
        try fileResponse(try await engine.headObject(bucket: b, key: k, caller: caller), r, head: head)
    }

    /// An unsigned GET or HEAD (the SDK's `download_file(isprivate=False)`): only from a public bucket.
    func publicFile(_ b: BucketName, _ k: ObjectKey, _ r: WireRequest, head: Bool) async throws -> WireResponse {
        try fileResponse(try await engine.headObject(bucket: b, key: k, caller: .anonymous), r, head: head)
    }

    private func fileResponse(_ record: ObjectRecord, _ r: WireRequest, head: Bool) throws -> WireResponse {
        var response = WireResponse(status: .ok)
        response.headers[.contentType] = record.attributes.contentType ?? "application/octet-stream"
        response.headers[.eTag] = "\"\(UFileDialect.etag(record))\""
        response.headers[.lastModified] = record.lastModified.httpDate
        response.headers[.acceptRanges] = "bytes"
        response.setHeader("x-ufile-storage-class", record.attributes.storageClass)
        for m in record.attributes.userMetadata { response.setHeader("x-ufile-meta-" + m.name, m.value) }
        response.attachContent(of: record, range: try ByteRange.resolve(header: r.header(.range), size: record.size), head: head, engine: engine)
        return response
    }

    func deleteFile(_ b: BucketName, _ k: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        guard try await engine.deleteObject(bucket: b, key: k, caller: caller) else { throw StorageError.noSuchKey(k.value) }
        return WireResponse(status: .noContent)
    }

    /// ClassSwitch: the object's storage class becomes STANDARD, IA or ARCHIVE, in place (a
    /// label, as on PutFile: no class moves bytes or delays reads here).
    func classSwitch(_ b: BucketName, _ k: ObjectKey, _ storageClass: String, _ caller: Owner) async throws -> WireResponse {
        guard Self.storageClasses.contains(storageClass) else {
            throw StorageError.invalidArgument("storageClass must be STANDARD, IA or ARCHIVE.", name: "storageClass", value: storageClass)
        }
        try await engine.setStorageClass(bucket: b, key: k, storageClass, caller: caller)
        return WireResponse(status: .ok)
    }

    /// Restore: an archived object made readable. Every object here is always readable, so a
    /// restore of one the caller may read succeeds at once; a missing one is 404.
    func restore(_ b: BucketName, _ k: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        _ = try await engine.headObject(bucket: b, key: k, caller: caller)
        return WireResponse(status: .ok)
    }

    /// OpMeta: `{"op":"set","metak":"mimetype","metav":"<type>"}` sets the object's MIME type in
    /// place (bytes and ETag kept). `set` is the only operation and `mimetype` the only key UFile
    /// names; anything else, or a body that is not that JSON, is 400.
    func opMeta(_ b: BucketName, _ k: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        struct Body: Decodable {
            var op: String
            var metak: String
            var metav: String
        }
        let bytes = try await r.body.collect(upTo: 64 * 1024)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView)) else {
            throw StorageError(.malformedDocument, "The body must be the JSON {\"op\",\"metak\",\"metav\"}.")
        }
        guard body.op == "set" else { throw StorageError.invalidArgument("op must be set.", name: "op", value: body.op) }
        guard body.metak.lowercased() == "mimetype" else {
            throw StorageError.invalidArgument("metak must be mimetype.", name: "metak", value: body.metak)
        }
        guard !body.metav.isEmpty, body.metav.utf8.count <= 256, !body.metav.contains(where: { $0.isNewline }) else {
            throw StorageError.invalidArgument("metav must be a MIME type.", name: "metav", value: body.metav)
        }
        try await engine.setContentType(bucket: b, key: k, body.metav, caller: caller)
        return WireResponse(status: .ok)
    }

    /// Copy: `X-Ufile-Metadata-Directive` COPY (the default) keeps the source's metadata, REPLACE
    /// takes the request's (Content-Type, `X-Ufile-Meta-*`, `X-Ufile-Storage-Class`).
    func copy(_ b: BucketName, _ k: ObjectKey, _ sb: BucketName, _ sk: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let directive = r.header("x-ufile-metadata-directive")?.uppercased() ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw StorageError.invalidArgument("X-Ufile-Metadata-Directive must be COPY or REPLACE.", name: "X-Ufile-Metadata-Directive", value: directive)
        }
        let attributes = directive == "REPLACE" ? try attributes(r) : nil
        let record = try await engine.copyObject(from: (sb, sk), to: b, key: k, attributes: attributes, caller: caller)
        var response = WireResponse(status: .ok)
        response.headers[.eTag] = "\"\(UFileDialect.etag(record))\""
        return response
    }
}
