public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// The S3 dialect: authenticate, parse into an ``S3Operation``, call the engine, render XML,
/// and map engine errors through ``S3Errors``.
public struct S3Dialect: WireDialect {
    /// The engine; each request's copy judges bucket policies with the request's facts.
    var engine: Engine
    let verifier: SigV4Verifier
    let legacyVerifier: SigV2Verifier
    /// Region reported by GetBucketLocation for buckets created without a constraint.
    let region: String
    /// Domains of virtual-hosted-style requests: a Host `<bucket>.<domain>` names the bucket.
    public let domains: [String]
    /// Largest XML request document accepted (Complete with 10,000 parts fits).
    let maxDocumentSize = 2 * 1024 * 1024

    /// Creates the dialect over an engine. Signatures are checked against `requestClock`
    /// (default: the engine's clock).
    /// `domains` are the S3 domains of virtual-hosted-style addressing (`<bucket>.<domain>`).
    public init(engine: Engine, region: String = "us-east-1", maxClockSkew: Int64 = 900, requestClock: (any WallClock)? = nil,
                domains: [String] = ["localhost"]) {
        self.engine = engine
        self.domains = domains.map { $0.lowercased() }
        let lookup: SigV4Verifier.Lookup = { try await engine.credential(accessKey: $0) }
        self.verifier = SigV4Verifier(lookup: lookup, clock: requestClock ?? engine.clock, maxSkew: maxClockSkew)
        self.legacyVerifier = SigV2Verifier(lookup: lookup, clock: requestClock ?? engine.clock, maxSkew: maxClockSkew)
        self.region = region
    }

    /// The dialect's name in logs and metrics.
    public var name: String { "S3" }
    /// `x-amz-request-id` and `x-amz-id-2`.
    public var requestIDHeaders: [HTTPField.Name] { [S3Headers.requestID, S3Headers.requestID2] }

    /// Verifies a request's SigV4 (or SigV2) signature; also used by the admin endpoint. A request
    /// with no authentication at all is ``Owner/anonymous``'s: it gets what ACLs grant to AllUsers.
    public func authenticate(_ request: WireRequest) async throws -> S3Authentication {
        if S3Dialect.isUnsigned(request) {
            return S3Authentication(credential: Credential(accessKey: "", secretKey: "", owner: .anonymous, isAdmin: false,
                                                           created: Timestamp(microseconds: 0)), payload: .unsigned)
        }
        guard SigV2Verifier.isSigned(request) else { return try await verifier.verify(request) }
        // SigV2 signs the resource as `/bucket/key` whichever way the bucket was addressed.
        let bucket = S3Router.virtualBucket(host: request.host, domains: domains)
        return try await legacyVerifier.verify(request, resourcePrefix: bucket.map { "/" + $0 } ?? "")
    }

    /// No `Authorization` header and no query authentication (SigV4 or SigV2); or a preflight
    /// (`OPTIONS`), which a browser sends without credentials to a presigned URL too.
    static func isUnsigned(_ r: WireRequest) -> Bool {
        r.method == .options || r.header(.authorization) == nil && !r.query.has("X-Amz-Signature") && !r.query.has("X-Amz-Credential")
            && !r.query.has("AWSAccessKeyId") && !r.query.has("Signature")
    }

    /// Parses the request into an ``S3Operation``.
    public func route(_ request: WireRequest) throws -> S3Operation { try S3Router.route(request, domains: domains) }

    /// The operation's S3 name.
    public func name(of operation: S3Operation) -> String { operation.name }

    /// Renders a failure as S3's `<Error>` (no body for HEAD).
    public func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse {
        let reply = S3Errors.reply(failure)
        if request.method == .head { return WireResponse(status: reply.status) }
        return .text(reply.status, ErrorDocument.render(reply, resource: request.rawPath, requestID: request.requestID), contentType: "application/xml")
    }

    /// S3's error code for `failure`.
    public func errorCode(_ failure: RequestFailure) -> String { S3Errors.reply(failure).code }

    /// Runs an operation against the engine.
    public func execute(_ op: S3Operation, _ r: WireRequest, as auth: S3Authentication) async throws -> WireResponse {
        try await requireExpectedOwners(op, r)
        var serving = self
        serving.engine = engine.judging(Self.policyFacts(of: r))
        return try await serving.dispatch(op, r, auth)
    }

    /// `x-amz-expected-bucket-owner` (boto3's `ExpectedBucketOwner`) and, on a copy,
    /// `x-amz-source-expected-bucket-owner`: the request goes ahead only if the bucket's owner
    /// has that canonical id, else 403 as S3 answers. They were ignored, so the guard a client
    /// set did nothing.
    private func requireExpectedOwners(_ op: S3Operation, _ r: WireRequest) async throws {
        guard let values = Self.ownerHeaders.values(in: r) else { return }
        if let expected = values[0], let bucket = op.bucket, op != .createBucket(bucket) {
            try await engine.requireOwner(expected, of: bucket)
        }
        if let expected = values[1], let source = op.sourceBucket {
            try await engine.requireOwner(expected, of: source)
        }
    }

    /// The two expected-owner headers, looked for in one pass on every request (two
    /// `header(_:)` lookups cost 760 instructions a request, almost always finding nothing).
    static let ownerHeaders = HeaderScan(["x-amz-expected-bucket-owner", "x-amz-source-expected-bucket-owner"])

    private func dispatch(_ op: S3Operation, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let caller = auth.credential.owner
        switch op {
        case .listBuckets(let l): return try await listBuckets(l, caller)
        case .createBucket(let b): return try await createBucket(b, r, caller)
        case .headBucket(let b): return try await headBucket(b, caller)
        case .deleteBucket(let b): return try await deleteBucket(b, caller)
        case .getBucketLocation(let b): return try await getBucketLocation(b, caller)
        case .getBucketVersioning(let b): return try await getBucketVersioning(b, caller)
        case .putBucketVersioning(let b): return try await putBucketVersioning(b, r, auth)
        case .getUnsetConfiguration(let b, let c): return try await getUnsetConfiguration(b, c, caller)
        case .deleteUnsetConfiguration(let b, _): return try await deleteUnsetConfiguration(b, caller)
        case .objectLockOfObject(let b, let k, _, let read): return try await objectLockOfObject(b, k, read: read, caller)
        case .putBucketLifecycle(let b): return try await putBucketLifecycle(b, r, auth)
        case .getBucketLifecycle(let b): return try await getBucketLifecycle(b, caller)
        case .deleteBucketLifecycle(let b): return try await deleteBucketLifecycle(b, caller)
        case .getBucketACL(let b): return try await getACL(b, nil, caller)
        case .putBucketACL(let b): return try await putACL(b, nil, r, auth)
        case .getObjectACL(let b, let k): return try await getACL(b, k, caller)
        case .putObjectACL(let b, let k): return try await putACL(b, k, r, auth)
        case .getBucketTagging(let b): return try await getBucketTagging(b, caller)
        case .putBucketTagging(let b): return try await putBucketTagging(b, r, auth)
        case .deleteBucketTagging(let b): return try await deleteBucketTagging(b, caller)
        case .getOwnershipControls(let b): return xml(OwnershipControlsDocuments.render(try await engine.objectOwnership(bucket: b, caller: caller)))
        case .putOwnershipControls(let b): return try await putOwnershipControls(b, r, auth)
        case .deleteOwnershipControls(let b):
            try await engine.setObjectOwnership(nil, bucket: b, caller: caller)
            return WireResponse(status: .noContent)
        case .getPublicAccessBlock(let b): return xml(PublicAccessBlockDocuments.render(try await engine.publicAccessBlock(bucket: b, caller: caller)))
        case .putPublicAccessBlock(let b): return try await putPublicAccessBlock(b, r, auth)
        case .deletePublicAccessBlock(let b):
            try await engine.deletePublicAccessBlock(bucket: b, caller: caller)
            return WireResponse(status: .noContent)
        case .getBucketCors(let b): return try await getBucketCors(b, caller)
        case .putBucketCors(let b): return try await putBucketCors(b, r, auth)
        case .deleteBucketCors(let b): return try await deleteBucketCors(b, caller)
        case .preflight(let b, let object): return try await preflight(b, object: object, r)
        case .getBucketPolicy(let b): return try await getBucketPolicy(b, caller)
        case .putBucketPolicy(let b): return try await putBucketPolicy(b, r, auth)
        case .deleteBucketPolicy(let b): return try await deleteBucketPolicy(b, caller)
        case .getBucketPolicyStatus(let b): return try await getBucketPolicyStatus(b, caller)
        case .postObject(let b): return try await postObject(b, r)
        case .restoreObject(let b, let k): return try await restoreObject(b, k, r, auth)
        case .getObjectTagging(let b, let k): return try await getObjectTagging(b, k, caller)
        case .putObjectTagging(let b, let k): return try await putObjectTagging(b, k, r, auth)
        case .deleteObjectTagging(let b, let k): return try await deleteObjectTagging(b, k, caller)
        case .listObjects(let b, let l): return try await listObjects(b, l, caller)
        case .listObjectsV2(let b, let l): return try await listObjectsV2(b, l, caller)
        case .listObjectVersions(let b, let l): return try await listObjectVersions(b, l, caller)
        case .listMultipartUploads(let b, let l): return try await listMultipartUploads(b, l, caller)
        case .deleteObjects(let b): return try await deleteObjects(b, r, auth)
        case .putObject(let b, let k, let condition): return try await putObject(b, k, condition, r, auth)
        case .copyObject(let b, let k, let s, let c): return try await copyObject(b, k, s, c, r, caller)
        case .getObject(let b, let k): return try await getObject(b, k, r, caller, head: false)
        case .headObject(let b, let k): return try await getObject(b, k, r, caller, head: true)
        case .getObjectAttributes(let b, let k): return try await getObjectAttributes(b, k, r, caller)
        case .deleteObject(let b, let k, let c): return try await deleteObject(b, k, c, caller)
        case .createMultipartUpload(let b, let k): return try await createMultipartUpload(b, k, r, caller)
        case .uploadPart(let b, let k, let u, let n): return try await uploadPart(b, k, u, n, r, auth)
        case .uploadPartCopy(let b, let k, let u, let n, let s): return try await uploadPartCopy(b, k, u, n, s, r, caller)
        case .completeMultipartUpload(let b, let k, let u, let condition): return try await completeMultipartUpload(b, k, u, condition, r, auth)
        case .abortMultipartUpload(let b, let k, let u): return try await abortMultipartUpload(b, k, u, caller)
        case .listParts(let b, let k, let u, let l): return try await listParts(b, k, u, l, caller)
        case .unsupported(let what):
            throw StorageError(.notImplemented, "A header or query you provided implies functionality that is not implemented (\(what)).")
        }
    }

    /// An XML success response.
    func xml(_ document: String, status: HTTPResponse.Status = .ok) -> WireResponse {
        .text(status, document, contentType: "application/xml")
    }

    /// An XML success response of a written document (a listing page), its bytes not made a
    /// `String` on the way.
    func xml(_ document: borrowing XMLWriter) -> WireResponse {
        .document(.ok, document.buffer, contentType: "application/xml")
    }

    /// Collects a small request document for `bucket`, verifying any declared digests. The
    /// caller's access to the bucket is checked first: no body of a bucket the caller may not use
    /// is ever read (issue 13).
    /// `permission` is what a caller other than the bucket's owner needs on the bucket for its
    /// body to be read at all (`nil`: the owner only), unless the bucket's policy allows
    /// `action` (on the object `key`); `objectLevel` skips that check for the object ACL and
    /// tagging calls, whose right depends on the object (checked by the engine).
    func document(_ r: WireRequest, _ auth: S3Authentication, for bucket: BucketName, permission: Permission? = nil,
                  action: AccessAction, key: ObjectKey? = nil, objectLevel: Bool = false,
                  checksumHeaders: Bool = true) async throws -> [UInt8] {
        if !objectLevel {
            _ = try await engine.authorizedBucket(bucket, caller: auth.credential.owner, for: permission, action: action, key: key)
        }
        var check = try S3Headers.integrity(r, payload: auth.payload)
        if !checksumHeaders { check.checksums = [] }
        try check.validateShape()
        let (body, _, trailing) = try writeBody(r, auth, check: check)
        let buffer = try await body.collect(upTo: maxDocumentSize)
        var digests = DigestSet(check: trailing)
        digests.update(buffer)
        _ = try digests.finish()
        return Array(buffer.readableBytesView)
    }

    /// The body for a streamed write and its length, after undoing any aws-chunked framing
    /// (the returned check also covers trailer checksums).
    func writeBody(_ r: WireRequest, _ auth: S3Authentication, check: IntegrityCheck) throws -> (ByteStream, Int64?, IntegrityCheck) {
        if case .streaming(_, let signing) = auth.payload {
            guard let decoded = r.header("x-amz-decoded-content-length").flatMap({ Int64($0) }), decoded >= 0 else {
                throw WireError(.missingContentLength, "You must provide the x-amz-decoded-content-length header with aws-chunked payloads.")
            }
            var check = check
            if let announced = r.header("x-amz-trailer") {
                let algorithms = announced.split(separator: ",").compactMap { name -> ChecksumAlgorithm? in
                    let n = name.trimmingCharacters().lowercased()
                    return n.hasPrefix("x-amz-checksum-") ? ChecksumAlgorithm(name: String(n.dropFirst("x-amz-checksum-".count))) : nil
                }
                check.trailing = TrailingChecksums(expected: Set(algorithms))
            }
            let body = AWSChunkedBody(upstream: r.body, signing: signing, trailers: check.trailing)
            return (ByteStream(body), decoded, check)
        }
        if let te = r.header(.transferEncoding), te.lowercased().contains("chunked") { return (r.body, nil, check) }
        guard let length = r.contentLength else {
            throw WireError(.missingContentLength, "You must provide the Content-Length HTTP header.")
        }
        return (r.body, length, check)
    }
}
