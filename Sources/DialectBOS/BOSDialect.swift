public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// The BOS dialect: verify `bce-auth-v1`, parse into a ``BOSOperation``, call the engine, render
/// JSON, and map engine errors through ``BOSErrors``.
public struct BOSDialect: WireDialect {
    /// The engine; each request's copy judges bucket policies with the request's facts.
    var engine: Engine
    let verifier: BCEVerifier
    /// Location reported for buckets created without one.
    let region: String
    let maxDocumentSize = 2 * 1024 * 1024

    /// Creates the dialect over an engine. Signatures are checked against `requestClock`
    /// (default: the engine's clock).
    public init(engine: Engine, region: String = "bj", maxClockSkew: Int64 = 900, requestClock: (any WallClock)? = nil) {
        self.engine = engine
        self.verifier = BCEVerifier(lookup: { try await engine.credential(accessKey: $0) }, clock: requestClock ?? engine.clock, maxSkew: maxClockSkew)
        self.region = region
    }

    /// The dialect's name in logs and metrics.
    public var name: String { "BOS" }
    /// `x-bce-request-id`.
    public var requestIDHeaders: [HTTPField.Name] { [BOSHeaders.requestID] }

    /// Verifies `bce-auth-v1` (header or `authorization=` query). A preflight (`OPTIONS`) is a
    /// browser's, sent without credentials: it is answered by the bucket's CORS rules alone.
    public func authenticate(_ request: WireRequest) async throws -> Credential {
        if request.method == .options {
            return Credential(accessKey: "", secretKey: "", owner: .anonymous, isAdmin: false, created: Timestamp(microseconds: 0))
        }
        return try await verifier.verify(request)
    }

    /// Parses the request into a ``BOSOperation``.
    public func route(_ request: WireRequest) throws -> BOSOperation { try BOSRouter.route(request) }

    /// The operation's BOS name.
    public func name(of operation: BOSOperation) -> String { operation.name }

    /// `{"code","message","requestId"}` with the right status (no body for HEAD).
    public func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse {
        let (status, code, message) = BOSErrors.reply(failure)
        if request.method == .head { return WireResponse(status: status) }
        return json(BOSDocuments.error(code: code, message: message, requestID: request.requestID), status: status)
    }

    /// BOS's error code for `failure`.
    public func errorCode(_ failure: RequestFailure) -> String { BOSErrors.reply(failure).1 }

    /// Runs an operation against the engine.
    public func execute(_ op: BOSOperation, _ r: WireRequest, as credential: Credential) async throws -> WireResponse {
        var serving = self
        serving.engine = engine.judging(r.connectionFacts)
        return try await serving.dispatch(op, r, credential.owner)
    }

    func json(_ document: String, status: HTTPResponse.Status = .ok) -> WireResponse {
        .text(status, document, contentType: "application/json; charset=utf-8")
    }

    /// A JSON success response of a written document (a listing page), its bytes not made a
    /// `String` on the way.
    func json(_ document: borrowing JSONWriter) -> WireResponse {
        .document(.ok, document.buffer, contentType: "application/json; charset=utf-8")
    }

    private func dispatch(_ op: BOSOperation, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        switch op {
        case .listBuckets: return try await listBuckets(caller)
        case .putBucket(let b): return try await putBucket(b, caller)
        case .headBucket(let b): return try await headBucket(b, caller)
        case .deleteBucket(let b): return try await deleteBucket(b, caller)
        case .getBucketLocation(let b): return try await getBucketLocation(b, caller)
        case .putBucketLifecycle(let b): return try await putBucketLifecycle(b, r, caller)
        case .getBucketLifecycle(let b): return try await getBucketLifecycle(b, caller)
        case .deleteBucketLifecycle(let b): return try await deleteBucketLifecycle(b, caller)
        case .getBucketAcl(let b): return try await getBucketAcl(b, caller)
        case .putBucketAcl(let b): return try await putBucketAcl(b, r, caller)
        case .getObjectAcl(let b, let k): return try await getObjectAcl(b, k, caller)
        case .putObjectAcl(let b, let k): return try await putObjectAcl(b, k, r, caller)
        case .deleteObjectAcl(let b, let k): return try await deleteObjectAcl(b, k, caller)
        case .getBucketTagging(let b): return try await getBucketTagging(b, caller)
        case .putBucketTagging(let b): return try await putBucketTagging(b, r, caller)
        case .deleteBucketTagging(let b): return try await deleteBucketTagging(b, caller)
        case .getBucketCors(let b): return try await getBucketCors(b, caller)
        case .putBucketCors(let b): return try await putBucketCors(b, r, caller)
        case .deleteBucketCors(let b): return try await deleteBucketCors(b, caller)
        case .preflight(let b, let object): return try await preflight(b, object: object, r)
        case .listObjects(let b, let q): return try await listObjects(b, q, caller)
        case .listMultipartUploads(let b, let l): return try await listMultipartUploads(b, l, caller)
        case .deleteMultipleObjects(let b): return try await deleteMultipleObjects(b, r, caller)
        case .putObject(let b, let k): return try await putObject(b, k, r, caller)
        case .getObjectTagging(let b, let k): return try await getObjectTagging(b, k, caller)
        case .putObjectTagging(let b, let k): return try await putObjectTagging(b, k, r, caller)
        case .deleteObjectTagging(let b, let k): return try await deleteObjectTagging(b, k, caller)
        case .copyObject(let b, let k, let s): return try await copyObject(b, k, s, r, caller)
        case .getObject(let b, let k): return try await getObject(b, k, r, caller, head: false)
        case .getObjectMeta(let b, let k): return try await getObject(b, k, r, caller, head: true)
        case .deleteObject(let b, let k): return try await deleteObject(b, k, caller)
        case .initiateMultipartUpload(let b, let k): return try await initiateMultipartUpload(b, k, r, caller)
        case .uploadPart(let b, let k, let u, let n): return try await uploadPart(b, k, u, n, r, caller)
        case .uploadPartCopy(let b, let k, let u, let n, let s): return try await uploadPartCopy(b, k, u, n, s, r, caller)
        case .completeMultipartUpload(let b, let k, let u): return try await completeMultipartUpload(b, k, u, r, caller)
        case .abortMultipartUpload(let b, let k, let u): return try await abortMultipartUpload(b, k, u, caller)
        case .listParts(let b, let k, let u, let l): return try await listParts(b, k, u, l, caller)
        case .unsupported(let what):
            throw StorageError(.notImplemented, "This operation is not implemented by Tessera (\(what)).")
        }
    }

    /// The body and its length for a streamed write.
    func writeBody(_ r: WireRequest) throws -> (ByteStream, Int64?) {
        if let te = r.header(.transferEncoding), te.lowercased().contains("chunked") { return (r.body, nil) }
        guard let length = r.contentLength else { throw WireError(.missingContentLength, "You must provide the Content-Length HTTP header.") }
        return (r.body, length)
    }

    /// A small JSON request body for `bucket`, read only once the caller's access to the bucket
    /// is checked (issue 13): its owner's, or the bucket policy's allowing `action` (on `key`).
    func document(_ r: WireRequest, for bucket: BucketName, caller: Owner, action: AccessAction,
                  key: ObjectKey? = nil) async throws -> [UInt8] {
        _ = try await engine.authorizedBucket(bucket, caller: caller, action: action, key: key)
        return Array(try await r.body.collect(upTo: maxDocumentSize).readableBytesView)
    }
}
