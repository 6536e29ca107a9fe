import HTTPTypes
import TesseraCore
import TesseraHTTP

extension BOSDialect {
    func putObject(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let attributes = try BOSHeaders.attributes(r)
        let check = try BOSHeaders.integrity(r)
        let condition = try BOSHeaders.writeCondition(r)
        let (body, length) = try writeBody(r)
        let record = try await engine.putObject(bucket: bucket, key: key, body: body, declaredLength: length, attributes: attributes,
                                                check: check, condition: condition, caller: caller)
        var response = WireResponse(status: .ok)
        response.headers[.eTag] = record.etag.quoted
        if let crc = record.checksums.first(where: { $0.algorithm == .crc32 }), let d = BOSHeaders.decimal(crc) {
            response.setHeader("x-bce-content-crc32", d)
        }
        return response
    }

    func getObject(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner, head: Bool) async throws -> WireResponse {
        let record = try await engine.headObject(bucket: bucket, key: key, caller: caller)
        if let notModified = try ObjectConditions.read(record, r) { return notModified }
        var response = WireResponse(status: .ok)
        BOSHeaders.objectHeaders(record, into: &response)
        BOSHeaders.responseOverrides(r.query, into: &response)
        response.attachContent(of: record, range: try ByteRange.resolve(header: r.header(.range), size: record.size), head: head, engine: engine)
        return response
    }

    func deleteObject(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        guard try await engine.deleteObject(bucket: bucket, key: key, caller: caller) else { throw StorageError.noSuchKey(key.value) }
        return WireResponse(status: .ok)
    }

    func deleteMultipleObjects(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let keys = try RequestDocuments.parseDelete(try await document(r, for: bucket, caller: caller, action: .deleteObject))  // checks access first
        var errors: [(key: String, code: String, message: String)] = []
        for k in keys {
            do {
                if try await !engine.deleteObject(bucket: bucket, key: try ObjectKey(k), caller: caller) {
                    let e = StorageError.noSuchKey(k)
                    errors.append((k, BOSErrors.wire(e).code, e.message))
                }
            } catch let e as StorageError {
                errors.append((k, BOSErrors.wire(e).code, e.message))
            }
        }
        return errors.isEmpty ? WireResponse(status: .ok) : json(BOSDocuments.deleteResult(errors: errors))
    }

    func copyObject(_ bucket: BucketName, _ key: ObjectKey, _ source: (BucketName, ObjectKey), _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let directive = r.header("x-bce-metadata-directive")?.lowercased() ?? "copy"
        guard directive == "copy" || directive == "replace" else {
            throw StorageError.invalidArgument("x-bce-metadata-directive must be copy or replace.", name: "x-bce-metadata-directive", value: directive)
        }
        let attributes = directive == "replace" ? try BOSHeaders.attributes(r) : nil
        let conditions = CopySourceConditions(r, headerPrefix: "x-bce-copy-source-")
        // `x-bce-tagging` on a copy gives it those tags; without it the copy keeps the source's.
        let tags = try BOSHeaders.tags(r).map { TagDirective.replace($0) } ?? .copy
        let record = try await engine.copyObject(from: source, to: bucket, key: key, attributes: attributes, tags: tags,
                                                 checkSource: { try conditions.check($0) }, caller: caller)
        return json(BOSDocuments.copyResult(record.etag, lastModified: record.lastModified))
    }
}
