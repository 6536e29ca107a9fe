import HTTPTypes
import TesseraCore
public import TesseraHTTP

/// Parses a BOS request (`/bucket/key`, optionally `/v1/bucket/key`; flags with or without `=`).
public enum BOSRouter {
    static let unsupportedSubresources = ["acl", "logging", "replication", "encryption", "storageClass",
                                          "website", "quota", "trash", "versioning", "objectlock", "symlink",
                                          "append", "fetch", "restore", "select", "copyrightProtection", "staticWebsite"]
    /// Object writes' `x-bce-server-side-encryption*`: AES256 taken, SM4, KMS and
    /// customer-provided keys refused.
    static let encryption = ServerSideEncryption(headerPrefix: "x-bce-", managed: ["AES256"], known: ["SM4", "KMS", "SSE-C"])
    /// The encryption headers, looked up in one pass.
    static let encryptionHeaders = HeaderScan(encryption.headerNames)

    /// The operation `request` asks for.
    public static func route(_ request: WireRequest) throws -> BOSOperation {
        var path = Substring(request.rawPath)
        if path == "/v1" || path.hasPrefix("/v1/") { path = path.dropFirst(3) }
        if path.isEmpty { path = "/" }
        let q = request.query
        let target = try PathStyleTarget(rawPath: path)
        guard let bucket = target.bucket else {
            guard request.method == .get else { throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.") }
            return .listBuckets
        }
        let rawKey = target.rawKey
        // A preflight is answered by the bucket's CORS rules whatever else its URL names.
        if request.method == .options { return .preflight(bucket, object: !rawKey.isEmpty) }
        if q.has("acl") {
            guard !rawKey.isEmpty else {
                switch request.method {
                case .get: return .getBucketAcl(bucket)
                case .put: return .putBucketAcl(bucket)
                default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
                }
            }
            let key = try target.key()
            switch request.method {
            case .get: return .getObjectAcl(bucket, key)
            case .put: return .putObjectAcl(bucket, key)
            case .delete: return .deleteObjectAcl(bucket, key)
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }
        for sub in unsupportedSubresources where q.has(sub) { return .unsupported("\(request.method.rawValue) ?\(sub)") }
        if q.has("tagging") {
            guard !rawKey.isEmpty else {
                switch request.method {
                case .get: return .getBucketTagging(bucket)
                case .put: return .putBucketTagging(bucket)
                case .delete: return .deleteBucketTagging(bucket)
                default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
                }
            }
            let key = try target.key()
            switch request.method {
            case .get: return .getObjectTagging(bucket, key)
            case .put: return .putObjectTagging(bucket, key)
            case .delete: return .deleteObjectTagging(bucket, key)
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }

        if q.has("cors") {
            guard rawKey.isEmpty else { return .unsupported("\(request.method.rawValue) object ?cors") }
            switch request.method {
            case .get: return .getBucketCors(bucket)
            case .put: return .putBucketCors(bucket)
            case .delete: return .deleteBucketCors(bucket)
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }
        if !rawKey.isEmpty, q.has("lifecycle") { return .unsupported("\(request.method.rawValue) object ?lifecycle") }
        if rawKey.isEmpty {
            switch request.method {
            case .get:
                if q.has("location") { return .getBucketLocation(bucket) }
                if q.has("lifecycle") { return .getBucketLifecycle(bucket) }
                if q.has("uploads") { return .listMultipartUploads(bucket, try BOSListingParameters.uploads(q)) }
                return .listObjects(bucket, try BOSListingParameters.objects(q))
            case .put: return q.has("lifecycle") ? .putBucketLifecycle(bucket) : .putBucket(bucket)
            case .head: return .headBucket(bucket)
            case .delete: return q.has("lifecycle") ? .deleteBucketLifecycle(bucket) : .deleteBucket(bucket)
            case .post:
                if q.has("delete") { return .deleteMultipleObjects(bucket) }
                return .unsupported("POST bucket")
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }
        // Writes only: no object is stored encrypted, so a read has nothing to decrypt.
        if request.method == .put || request.method == .post, let values = encryptionHeaders.values(in: request) {
            try encryption.check(values[...])
        }
        let key = try target.key()
        let uploadID = q["uploadId"].flatMap { $0.isEmpty ? nil : UploadID($0) }
        let source = try request.header("x-bce-copy-source").map { v throws in try copySource(v) }
        switch request.method {
        case .put:
            if let uploadID {
                guard let pn = q["partNumber"], let n = Int(pn) else {
                    throw StorageError.invalidArgument("partNumber is required and must be an integer", name: "partNumber", value: q["partNumber"] ?? "")
                }
                let number = try PartNumber(n)
                if let source { return .uploadPartCopy(bucket, key, uploadID, number, source: source) }
                return .uploadPart(bucket, key, uploadID, number)
            }
            if let source { return .copyObject(bucket, key, source: source) }
            return .putObject(bucket, key)
        case .get:
            if let uploadID { return .listParts(bucket, key, uploadID, try BOSListingParameters.parts(q)) }
            return .getObject(bucket, key)
        case .head: return .getObjectMeta(bucket, key)
        case .delete:
            if let uploadID { return .abortMultipartUpload(bucket, key, uploadID) }
            return .deleteObject(bucket, key)
        case .post:
            if q.has("uploads") { return .initiateMultipartUpload(bucket, key) }
            if let uploadID { return .completeMultipartUpload(bucket, key, uploadID) }
            return .unsupported("POST object")
        default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
    }

    /// `x-bce-copy-source: /bucket/key` (URL-encoded).
    static func copySource(_ raw: String) throws -> (BucketName, ObjectKey) {
        var s = Substring(raw)
        if s.hasPrefix("/") { s = s.dropFirst() }
        guard let decoded = PercentEncoding.decode(String(s)), let slash = decoded.firstIndex(of: "/") else {
            throw StorageError(.invalidArgument, "x-bce-copy-source must be /bucket/key", context: ErrorContext(argument: .init(name: "x-bce-copy-source", value: "")))
        }
        return (try BucketName(String(decoded[..<slash])), try ObjectKey(String(decoded[decoded.index(after: slash)...])))
    }
}
