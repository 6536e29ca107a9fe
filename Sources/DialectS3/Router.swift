import HTTPTypes
import TesseraCore
public import TesseraHTTP

/// Parses a request into an ``S3Operation``: path-style addressing (`/bucket/key`), or
/// virtual-hosted-style (`<bucket>.<domain>/key`) when the Host is a bucket under one of the
/// configured S3 domains.
public enum S3Router {
    /// Sub-resources that name bucket or object features Tessera does not implement.
    static let unsupportedSubresources = [
        "website", "logging", "notification", "replication",
        "encryption", "object-lock", "retention", "legal-hold", "accelerate", "requestPayment", "inventory",
        "analytics", "metrics", "intelligent-tiering",
        "select", "torrent",
    ]
    /// The same names and `tagging` as a set: one lookup a parameter tells whether any is asked
    /// for (23 comparisons a parameter cost an initiate 2,000 instructions; callgrind).
    static let subresourceNames = Set(unsupportedSubresources + ["tagging", "cors", "restore", "publicAccessBlock", "ownershipControls", "policy", "policyStatus"])
    /// Object writes' `x-amz-server-side-encryption*`: AES256 (S3's default) taken, KMS and
    /// customer-provided keys refused.
    static let encryption = ServerSideEncryption(headerPrefix: "x-amz-", managed: ["AES256"],
                                                 known: ["aws:kms", "aws:kms:dsse", "aws:fsx"])
    /// A write's Object Lock headers: no bucket here has an Object Lock configuration, so S3's
    /// answer for such a bucket (400 InvalidRequest), where they were ignored and an object the
    /// client meant to be locked could be deleted.
    static let objectLockHeaders = ["x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold"]
    /// The headers a write is checked for, in one pass: encryption's, then Object Lock's.
    static let writeHeaders = HeaderScan(encryption.headerNames + objectLockHeaders)

    /// The bucket a virtual-hosted-style Host names: `<bucket>.<domain>` (the port already
    /// dropped), for the longest matching domain; `nil` for the domain itself or another host.
    public static func virtualBucket(host: String, domains: [String]) -> String? {
        var best: String?
        for d in domains where !d.isEmpty && host.hasSuffix("." + d) {
            let bucket = String(host.dropLast(d.count + 1))
            if best.map({ bucket.count < $0.count }) ?? true { best = bucket }
        }
        return best.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The operation `request` asks for; `domains` are the S3 domains of virtual-hosted-style
    /// requests.
    public static func route(_ request: WireRequest, domains: [String] = []) throws -> S3Operation {
        let q = request.query
        let target = try virtualBucket(host: request.host, domains: domains).map { b throws(StorageError) in
            try PathStyleTarget(bucket: b, rawPath: Substring(request.rawPath))
        } ?? PathStyleTarget(rawPath: Substring(request.rawPath))
        guard let bucket = target.bucket else {
            guard request.method == .get else { throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.") }
            return .listBuckets(try S3BucketListing.parse(q))
        }
        let rawKey = target.rawKey
        // A preflight is answered by the bucket's CORS rules whatever else its URL names (a
        // presigned URL's query, a subresource).
        if request.method == .options { return .preflight(bucket, object: !rawKey.isEmpty) }
        if q.has("acl") {
            let key = rawKey.isEmpty ? nil : try target.key()
            switch request.method {
            case .get: return key.map { .getObjectACL(bucket, $0) } ?? .getBucketACL(bucket)
            case .put: return key.map { .putObjectACL(bucket, $0) } ?? .putBucketACL(bucket)
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }
        if q.pairs.contains(where: { subresourceNames.contains($0.name) }) {
            if rawKey.isEmpty, let unset = UnsetConfiguration(q) {
                switch request.method {
                case .get: return .getUnsetConfiguration(bucket, unset)
                case .delete where unset.deleteName != nil: return .deleteUnsetConfiguration(bucket, unset)
                default: break
                }
            }
            if q.has("tagging") { return try tagging(request.method, bucket, target) }
            if q.has("restore") {
                guard !rawKey.isEmpty, request.method == .post else { return .unsupported("\(request.method.rawValue) ?restore") }
                return .restoreObject(bucket, try target.key())
            }
            for (name, ops) in [("ownershipControls", (S3Operation.getOwnershipControls, S3Operation.putOwnershipControls, S3Operation.deleteOwnershipControls)),
                                ("publicAccessBlock", (S3Operation.getPublicAccessBlock, S3Operation.putPublicAccessBlock, S3Operation.deletePublicAccessBlock)),
                                ("cors", (S3Operation.getBucketCors, S3Operation.putBucketCors, S3Operation.deleteBucketCors)),
                                ("policy", (S3Operation.getBucketPolicy, S3Operation.putBucketPolicy, S3Operation.deleteBucketPolicy))] where q.has(name) {
                guard rawKey.isEmpty else { return .unsupported("\(request.method.rawValue) ?\(name)") }
                return try setting(request.method, get: ops.0(bucket), put: ops.1(bucket), delete: ops.2(bucket))
            }
            if q.has("policyStatus") {
                guard rawKey.isEmpty, request.method == .get else { return .unsupported("\(request.method.rawValue) ?policyStatus") }
                return .getBucketPolicyStatus(bucket)
            }
            if !rawKey.isEmpty, request.method == .get || request.method == .put, q.has("retention") || q.has("legal-hold") {
                return .objectLockOfObject(bucket, try target.key(), legalHold: !q.has("retention"), read: request.method == .get)
            }
            for sub in unsupportedSubresources where q.has(sub) {
                return .unsupported("\(request.method.rawValue) ?\(sub)")
            }
        }

        if !rawKey.isEmpty, q.has("lifecycle") { return .unsupported("\(request.method.rawValue) object ?lifecycle") }
        if rawKey.isEmpty {
            switch request.method {
            case .get:
                if q.has("location") { return .getBucketLocation(bucket) }
                if q.has("lifecycle") { return .getBucketLifecycle(bucket) }
                if q.has("versioning") { return .getBucketVersioning(bucket) }
                if q.has("uploads") { return .listMultipartUploads(bucket, try S3ListingParameters.uploads(q)) }
                let restoreStatus = S3ListingParameters.asksForRestoreStatus(request)
                if q.has("versions") {
                    return .listObjectVersions(bucket, try S3ListingParameters.objects(q, markerName: "key-marker", restoreStatus: restoreStatus))
                }
                if q["list-type"] == "2" { return .listObjectsV2(bucket, try S3ListingParameters.objectsV2(q, restoreStatus: restoreStatus)) }
                return .listObjects(bucket, try S3ListingParameters.objects(q, markerName: "marker", restoreStatus: restoreStatus))
            case .put:
                if q.has("versioning") { return .putBucketVersioning(bucket) }
                if q.has("lifecycle") { return .putBucketLifecycle(bucket) }
                return .createBucket(bucket)
            case .head: return .headBucket(bucket)
            case .delete:
                if q.has("lifecycle") { return .deleteBucketLifecycle(bucket) }
                return .deleteBucket(bucket)
            case .post:
                if q.has("delete") { return .deleteObjects(bucket) }
                if request.header(.contentType).flatMap(FormData.boundary) != nil { return .postObject(bucket) }
                return .unsupported("POST bucket")
            default:
                throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }

        // Writes only: no object is stored encrypted or locked, so a read has nothing to check.
        if request.method == .put || request.method == .post, let values = writeHeaders.values(in: request) {
            try encryption.check(values[..<encryption.headerNames.count])
            if let i = values[encryption.headerNames.count...].firstIndex(where: { $0 != nil }) {
                let name = writeHeaders.names[i]
                throw StorageError(.invalidRequest, "Bucket is missing Object Lock Configuration",
                                   context: ErrorContext(argument: .init(name: name, value: values[i] ?? "")))
            }
        }
        let key = try target.key()
        let uploadID = q["uploadId"].map(UploadID.init)
        switch request.method {
        case .put:
            let source = try request.header("x-amz-copy-source").map { v throws in
                var source = try parseCopySource(v)
                source.conditions = CopySourceConditions(request, headerPrefix: "x-amz-copy-source-")
                return source
            }
            if let uploadID {
                guard let pn = q["partNumber"] else { throw StorageError.invalidArgument("partNumber is required", name: "partNumber", value: "") }
                let number = try parsePartNumber(pn)
                if let source { return .uploadPartCopy(bucket, key, uploadID, number, source: source) }
                return .uploadPart(bucket, key, uploadID, number)
            }
            if let source { return .copyObject(bucket, key, source: source, condition: try ObjectConditions.write(request)) }
            return .putObject(bucket, key, try ObjectConditions.write(request))
        case .get:
            if let uploadID { return .listParts(bucket, key, uploadID, try S3ListingParameters.parts(q)) }
            if q.has("attributes") { return .getObjectAttributes(bucket, key) }
            return .getObject(bucket, key)
        case .head:
            return .headObject(bucket, key)
        case .delete:
            if let uploadID { return .abortMultipartUpload(bucket, key, uploadID) }
            return .deleteObject(bucket, key, request.header(.ifMatch).map(ObjectConditions.ifMatch) ?? .none)
        case .post:
            if q.has("uploads") { return .createMultipartUpload(bucket, key) }
            if let uploadID { return .completeMultipartUpload(bucket, key, uploadID, try ObjectConditions.write(request)) }
            return .unsupported("POST object")
        default:
            throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
    }

    /// `?tagging`: Get, Put or DeleteObjectTagging on an object, the Bucket forms on a bucket.
    static func tagging(_ method: HTTPRequest.Method, _ bucket: BucketName, _ target: PathStyleTarget) throws -> S3Operation {
        guard !target.rawKey.isEmpty else {
            switch method {
            case .get: return .getBucketTagging(bucket)
            case .put: return .putBucketTagging(bucket)
            case .delete: return .deleteBucketTagging(bucket)
            default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
        }
        let key = try target.key()
        switch method {
        case .get: return .getObjectTagging(bucket, key)
        case .put: return .putObjectTagging(bucket, key)
        case .delete: return .deleteObjectTagging(bucket, key)
        default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
    }

    /// A bucket setting kept whole (`?cors`, `?publicAccessBlock`, `?ownershipControls`): its
    /// GET, PUT or DELETE.
    static func setting(_ method: HTTPRequest.Method, get: S3Operation, put: S3Operation, delete: S3Operation) throws -> S3Operation {
        switch method {
        case .get: return get
        case .put: return put
        case .delete: return delete
        default: throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
    }

    /// Parses a part number, 1...10000.
    static func parsePartNumber(_ s: String) throws(StorageError) -> PartNumber {
        guard let n = Int(s) else {
            throw StorageError.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: s)
        }
        return try PartNumber(n)
    }

    /// Parses `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optional `?versionId=`.
    static func parseCopySource(_ raw: String) throws -> CopySource {
        var s = Substring(raw)
        if let q = s.firstIndex(of: "?") {
            let version = s[s.index(after: q)...]
            guard version == "versionId=null" || version.isEmpty else {
                throw StorageError(.invalidArgument, "Invalid version id specified", context: ErrorContext(argument: .init(name: "x-amz-copy-source", value: "")))
            }
            s = s[..<q]
        }
        if s.hasPrefix("/") { s = s.dropFirst() }
        guard let decoded = PercentEncoding.decode(String(s)), let slash = decoded.firstIndex(of: "/") else {
            throw StorageError(.invalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                               context: ErrorContext(argument: .init(name: "x-amz-copy-source", value: "")))
        }
        return CopySource(bucket: try BucketName(String(decoded[..<slash])), key: try ObjectKey(String(decoded[decoded.index(after: slash)...])))
    }
}
