import HTTPTypes
import TesseraCore
import TesseraHTTP

extension S3Dialect {
    func putObject(_ bucket: BucketName, _ key: ObjectKey, _ condition: WriteCondition, _ r: WireRequest,
                   _ auth: S3Authentication) async throws -> WireResponse {
        let attributes = try S3Headers.attributes(r)
        let (body, length, check) = try writeBody(r, auth, check: try S3Headers.integrity(r, payload: auth.payload))
        let (record, expiry) = try await engine.putObjectAndExpiry(bucket: bucket, key: key, body: body, declaredLength: length,
                                                                   attributes: attributes, check: check, condition: condition, caller: auth.credential.owner)
        var response = WireResponse(status: .ok)
        response.headers.set(record.etag.quoted, for: .eTag)
        S3Headers.expiration(expiry, into: &response)
        S3Headers.echoChecksums(record.checksums, into: &response)
        if !record.checksums.isEmpty { response.setHeader("x-amz-checksum-type", ChecksumType.fullObject.rawValue) }
        return response
    }

    func getObject(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner, head: Bool) async throws -> WireResponse {
        let (record, expiry) = try await engine.headObjectAndExpiry(bucket: bucket, key: key, caller: caller)
        // No object here is stored under a customer's key, so a read that sends one gets S3's
        // answer for an object stored without: 400, rather than the bytes as if it applied.
        if r.header(Self.customerKeyAlgorithm) != nil {
            throw StorageError(.invalidRequest, "The encryption parameters are not applicable to this object.")
        }
        if let notModified = try ObjectConditions.read(record, r) { return notModified }
        var response = WireResponse(status: .ok)
        S3Headers.objectHeaders(record, into: &response)
        S3Headers.expiration(expiry, into: &response)
        S3Headers.responseOverrides(r.query, into: &response)
        var range: (offset: Int64, length: Int64)?
        var partNumber: Int?
        if let pn = r.query["partNumber"] {
            guard r.header(.range) == nil else {
                throw StorageError(.invalidRequest, "Cannot specify both Range header and partNumber query parameter")
            }
            let number = try S3Router.parsePartNumber(pn)
            let part = try engine.partRange(of: record, number: number.value)
            partNumber = number.value
            response.setHeader("x-amz-mp-parts-count", String(record.uploadID == nil ? 1 : record.manifest.count))
            // An empty single-part object has no byte range to report.
            if record.uploadID != nil || record.size > 0 { range = part }
        } else if let r = try ByteRange.resolve(header: r.header(.range), size: record.size) {
            range = r
        }
        ChecksumHeaders.onRead(record, r, partNumber: partNumber, ranged: range != nil, into: &response)
        response.attachContent(of: record, range: range, head: head, engine: engine)
        return response
    }

    /// The SSE-C header a read with a customer's key always carries.
    static let customerKeyAlgorithm = HTTPField.Name("x-amz-server-side-encryption-customer-algorithm")!

    func getObjectAttributes(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let wanted = try AttributesRequest(r)
        let record = try await engine.objectAttributes(bucket: bucket, key: key, caller: caller)
        var response = xml(AttributesDocument.render(record, wanted))
        response.headers.set(record.lastModified.httpDate, for: .lastModified)
        return response
    }

    /// RestoreObject: an archived object (GLACIER, DEEP_ARCHIVE) is always readable here, so its
    /// restore is answered as S3 answers one already restored (200); any other class gets S3's
    /// 403 InvalidObjectState. The body must be a `RestoreRequest`; a SELECT restore is not
    /// implemented.
    func restoreObject(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let body = try await document(r, auth, for: bucket, action: .restoreObject, objectLevel: true)
        if !body.isEmpty {
            guard let root = try? XMLReader.parse(body), root.name == "RestoreRequest" else { throw MultipartDocuments.malformed }
            if root.child("Type")?.text == "SELECT" { throw StorageError(.notImplemented, "A SELECT restore is not implemented.") }
        }
        let record = try await engine.headObject(bucket: bucket, key: key, caller: auth.credential.owner)
        guard S3Headers.archiveClasses.contains(record.attributes.storageClass) else {
            throw StorageError(.invalidObjectState, "Restore is not allowed for the object's current storage class")
        }
        return WireResponse(status: .ok)
    }

    func deleteObject(_ bucket: BucketName, _ key: ObjectKey, _ condition: WriteCondition, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteObject(bucket: bucket, key: key, condition: condition, caller: caller)
        return WireResponse(status: .noContent)
    }

    func deleteObjects(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let request = try DeleteDocuments.parse(try await document(r, auth, for: bucket, permission: .write, action: .deleteObject))  // checks access first
        var outcomes: [DeleteDocuments.Outcome] = []
        for (k, condition) in request.objects {
            do {
                try await engine.deleteObject(bucket: bucket, key: try ObjectKey(k), condition: condition, caller: auth.credential.owner)
                outcomes.append(.deleted(k))
            } catch let e as StorageError {
                outcomes.append(.failed(k, code: S3Errors.wire(e).code, message: e.message))
            }
        }
        return xml(DeleteDocuments.result(outcomes, quiet: request.quiet))
    }

    func copyObject(_ bucket: BucketName, _ key: ObjectKey, _ source: CopySource, _ condition: WriteCondition, _ r: WireRequest,
                    _ caller: Owner) async throws -> WireResponse {
        let directive = r.header("x-amz-metadata-directive")?.uppercased() ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw StorageError.invalidArgument("Unknown metadata directive.", name: "x-amz-metadata-directive", value: directive)
        }
        let redirect = try S3Headers.websiteRedirect(r)
        if directive == "COPY", source.bucket == bucket, source.key == key, redirect == nil {
            throw StorageError(.invalidRequest, "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        let attributes = directive == "REPLACE" ? try S3Headers.attributes(r) : nil
        let conditions = source.conditions
        let record = try await engine.copyObject(from: (source.bucket, source.key), to: bucket, key: key, attributes: attributes,
                                                 acl: try ACLHeaders.parse(r), websiteRedirect: redirect,
                                                 tags: try TaggingHeaders.copyDirective(r), checkSource: { try conditions.check($0) },
                                                 condition: condition, caller: caller)
        var response = xml(MultipartDocuments.copyResult(root: "CopyObjectResult", etag: record.etag, lastModified: record.lastModified))
        S3Headers.expiration(try await engine.expirySchedule(of: record), into: &response)
        return response
    }
}
