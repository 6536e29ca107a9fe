import HTTPTypes
import Logging
import NIOCore
import TesseraCore
import TesseraHTTP

/// The UFile dialect: verify the `UCloud` signature, parse into a ``UFileOperation``, call the
/// engine, render JSON, and map engine errors through ``UFileErrors``.
public struct UFileDialect: Sendable {
    let engine: Engine
    let verifier: UCloudVerifier
    /// Bucket from Host.
    public let router: UFileRouter
    /// Largest form upload (PostFile) collected in memory.
    let maxFormSize = 64 * 1024 * 1024

    /// Creates the dialect for the given domain suffixes. Signed URLs are checked against
    /// `requestClock` (default: the engine's clock).
    public init(engine: Engine, domainSuffixes: [String], requestClock: (any WallClock)? = nil) {
        self.engine = engine
        let store = engine.metadata
        self.verifier = UCloudVerifier(lookup: { try await store.credential(accessKey: $0) }, clock: requestClock ?? engine.clock)
        self.router = UFileRouter(suffixes: domainSuffixes)
    }

    /// Whether `request` is UFile's: a `UCloud` signature, a configured domain in the Host, or a
    /// UFile-only sub-resource.
    public func claims(_ request: WireRequest) -> Bool {
        UCloudVerifier.isSigned(request) || router.bucketName(host: request.host) != nil
            || request.query.has("muploadid") || request.query.has("muploadpart")
    }

    /// Answers one request; every failure becomes `{"RetCode","ErrMsg"}`.
    public func handle(_ request: WireRequest, logger: Logger) async -> WireResponse {
        var response: WireResponse
        do {
            let op = try router.route(request)
            response = try await dispatch(op, request)
        } catch let error as StorageError {
            if error.code == .internalError { logger.error("UFile request failed: \(error)", metadata: ["request-id": "\(request.requestID)"]) }
            response = errorResponse(error, request)
        } catch {
            logger.error("UFile request failed: \(error)", metadata: ["request-id": "\(request.requestID)"])
            response = errorResponse(StorageError(.internalError, "internal error"), request)
        }
        response.setHeader("x-sessionid", request.requestID)
        return response
    }

    /// The error document; JSON with `Content-Type: application/json` exactly (the SDK checks).
    public func errorResponse(_ error: StorageError, _ request: WireRequest) -> WireResponse {
        let (status, retCode) = UFileErrors.wire(error)
        if request.method == .head { return WireResponse(status: status) }
        return json(UFileDocuments.error(retCode: retCode, message: error.message), status: status)
    }

    func json(_ document: String, status: HTTPResponse.Status = .ok) -> WireResponse {
        .text(status, document, contentType: "application/json")
    }

    /// Authenticates for a resource (`key` empty for bucket-level calls).
    func authenticate(_ r: WireRequest, _ bucket: BucketName, key: String) async throws -> Owner {
        try await verifier.verify(r, bucket: bucket.value, key: key).owner
    }

    private func dispatch(_ op: UFileOperation, _ r: WireRequest) async throws -> WireResponse {
        switch op {
        case .putFile(let b, let k): return try await putFile(b, k, r, try await authenticate(r, b, key: k.value))
        case .postFile(let b): return try await postFile(b, r)
        case .getFile(let b, let k): return try await getFile(b, k, r, try await authenticate(r, b, key: k.value), head: false)
        case .headFile(let b, let k): return try await getFile(b, k, r, try await authenticate(r, b, key: k.value), head: true)
        case .deleteFile(let b, let k): return try await deleteFile(b, k, try await authenticate(r, b, key: k.value))
        case .prefixFileList(let b): return try await prefixFileList(b, r, try await authenticate(r, b, key: ""))
        case .listObjects(let b): return try await listObjects(b, r, try await authenticate(r, b, key: ""))
        case .copy(let b, let k, let sb, let sk): return try await copy(b, k, sb, sk, try await authenticate(r, b, key: k.value))
        case .initiateMultipartUpload(let b, let k): return try await initiate(b, k, r, try await authenticate(r, b, key: k.value))
        case .uploadPart(let b, let k, let u, let n): return try await uploadPart(b, k, u, n, r, try await authenticate(r, b, key: k.value))
        case .uploadPartCopy(let b, let k, let u, let n, let sb, let sk):
            return try await uploadPartCopy(b, k, u, n, (sb, sk), r, try await authenticate(r, b, key: k.value))
        case .finishMultipartUpload(let b, let k, let u, let nk): return try await finish(b, k, u, nk, r, try await authenticate(r, b, key: k.value))
        case .abortMultipartUpload(let b, let k, let u): return try await abort(b, k, u, try await authenticate(r, b, key: k.value))
        case .getMultiUploadPart(let b, let u): return try await multiUploadParts(b, u, r, try await authenticate(r, b, key: ""))
        case .getMultiUploadId(let b): return try await multiUploadIDs(b, r, try await authenticate(r, b, key: ""))
        case .unsupported(let what): throw StorageError(.notImplemented, "This operation is not implemented by Tessera (\(what)).")
        }
    }

    /// The ETag UFile clients see for an object: the SHA-1-block ETag for UFile-written data, else the MD5 one.
    static func etag(_ o: ObjectRecord) -> String { o.ufileETag ?? o.etag.description }

    /// The ETag UFile clients see for a part: URL-safe base64 of its SHA-1, else its MD5.
    static func etag(_ p: Part) -> String {
        if let sha = p.checksums.first(where: { $0.algorithm == .sha1 }) { return SHA1BlockDigest.urlSafe(sha.base64) }
        return p.etag.description
    }

    /// A bounded integer query parameter.
    func count(_ r: WireRequest, _ name: String, default value: Int, max: Int = 1000) throws(StorageError) -> Int {
        guard let raw = r.query[name], !raw.isEmpty else { return value }
        guard let n = Int(raw), n >= 0 else { throw StorageError.invalidArgument("\(name) must be a non-negative integer.", name: name, value: raw) }
        return Swift.min(Swift.max(n, 1), max)
    }

    /// `Content-MD5` as the SDK sends it (32 hex digits), or base64.
    static func integrity(_ r: WireRequest) throws(StorageError) -> IntegrityCheck {
        var check = IntegrityCheck()
        check.ufileETag = true
        if let md5 = r.header("content-md5") {
            if md5.count == 32, let bytes = Identifiers.bytes(fromHex: md5) { check.contentMD5 = Base64.encode(bytes) } else { check.contentMD5 = md5 }
        }
        return check
    }
}
