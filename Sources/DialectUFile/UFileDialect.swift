public import HTTPTypes
import NIOCore
public import TesseraCore
public import TesseraHTTP

/// The UFile dialect: verify the `UCloud` signature, parse into a ``UFileOperation``, call the
/// engine, render JSON, and map engine errors through ``UFileErrors``.
public struct UFileDialect: WireDialect {
    /// The engine; each request's copy judges bucket policies with the request's facts.
    var engine: Engine
    let verifier: UCloudVerifier
    /// Bucket from Host.
    public let router: UFileRouter
    /// Largest form upload (PostFile) collected in memory.
    let maxFormSize = 64 * 1024 * 1024

    /// Creates the dialect for the given domain suffixes. Signed URLs are checked against
    /// `requestClock` (default: the engine's clock).
    public init(engine: Engine, domainSuffixes: [String], requestClock: (any WallClock)? = nil) {
        self.engine = engine
        self.verifier = UCloudVerifier(lookup: { try await engine.credential(accessKey: $0) }, clock: requestClock ?? engine.clock)
        self.router = UFileRouter(suffixes: domainSuffixes)
    }

    /// Whether `request` is UFile's: a `UCloud` signature, a configured domain in the Host, a
    /// UFile-only sub-resource, or the UCloud API form (`Action`, `PublicKey`, `Signature`).
    public func claims(_ request: WireRequest) -> Bool {
        UCloudVerifier.isSigned(request) || router.bucketName(host: request.host) != nil
            || request.query.has("muploadid") || request.query.has("muploadpart") || UFileAPIForm.matches(request)
    }

    /// The dialect's name in logs and metrics.
    public var name: String { "UFile" }
    /// `X-SessionId`.
    public var requestIDHeaders: [HTTPField.Name] { [UFileDialect.sessionID] }
    static let sessionID = HTTPField.Name("x-sessionid")!

    /// Verifies the `UCloud` signature over the resource the Host and path name. A form upload
    /// (PostFile) carries its signature in a form field, so it is verified when the form is read.
    public func authenticate(_ r: WireRequest) async throws -> UFilePrincipal {
        if UFileAPIForm.matches(r) {
            return .signed(try await UCloudAPISignature.verify(try UFileAPIForm(r), lookup: { try await engine.credential(accessKey: $0) }).owner)
        }
        let (bucket, key) = try router.resource(r)
        // Unsigned GET/HEAD of an object: served if its bucket is public (checked by the handler).
        if !UCloudVerifier.isSigned(r), r.method == .get || r.method == .head, !key.isEmpty, r.rawQuery.isEmpty {
            return .anonymous
        }
        if r.method == .post, key.isEmpty, r.header(.contentType)?.lowercased().hasPrefix("multipart/form-data") == true {
            return .formUpload
        }
        return .signed(try await verifier.verify(r, bucket: bucket, key: key).owner)
    }

    /// Parses the request into a ``UFileOperation``.
    public func route(_ request: WireRequest) throws -> UFileOperation { try router.route(request) }

    /// The operation's UFile name.
    public func name(of operation: UFileOperation) -> String { operation.name }

    /// The error document; JSON with `Content-Type: application/json` exactly (the SDK checks).
    public func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse {
        let (status, retCode, message) = UFileErrors.reply(failure)
        if request.method == .head { return WireResponse(status: status) }
        let action = UFileAPIForm.matches(request) ? request.query["Action"] : nil
        return json(UFileDocuments.error(retCode: retCode, message: message, action: action), status: status)
    }

    func json(_ document: String, status: HTTPResponse.Status = .ok) -> WireResponse {
        .text(status, document, contentType: "application/json")
    }

    /// UFile's `RetCode` for `failure`.
    public func errorCode(_ failure: RequestFailure) -> String { String(UFileErrors.reply(failure).1) }

    /// Runs an operation against the engine.
    public func execute(_ op: UFileOperation, _ r: WireRequest, as principal: UFilePrincipal) async throws -> WireResponse {
        var serving = self
        serving.engine = engine.judging(r.connectionFacts)
        return try await serving.serve(op, r, as: principal)
    }

    /// ``execute(_:_:as:)`` with the engine judging for `r`.
    private func serve(_ op: UFileOperation, _ r: WireRequest, as principal: UFilePrincipal) async throws -> WireResponse {
        if case .postFile(let b) = op { return try await postFile(b, r) }
        if case .anonymous = principal {
            switch op {
            case .getFile(let b, let k): return try await publicFile(b, k, r, head: false)
            case .headFile(let b, let k): return try await publicFile(b, k, r, head: true)
            default: throw WireError(.missingAuthentication, "The request carries no UCloud authorization.")
            }
        }
        guard case .signed(let caller) = principal else {
            throw WireError(.missingAuthentication, "The request carries no UCloud authorization.")
        }
        switch op {
        case .putFile(let b, let k): return try await putFile(b, k, r, caller)
        case .postFile(let b): return try await postFile(b, r)
        case .getFile(let b, let k): return try await getFile(b, k, r, caller, head: false)
        case .headFile(let b, let k): return try await getFile(b, k, r, caller, head: true)
        case .deleteFile(let b, let k): return try await deleteFile(b, k, caller)
        case .classSwitch(let b, let k, let storageClass): return try await classSwitch(b, k, storageClass, caller)
        case .restore(let b, let k): return try await restore(b, k, caller)
        case .opMeta(let b, let k): return try await opMeta(b, k, r, caller)
        case .prefixFileList(let b, let q): return try await prefixFileList(b, q, caller)
        case .listObjects(let b, let q): return try await listObjects(b, q, caller)
        case .copy(let b, let k, let sb, let sk): return try await copy(b, k, sb, sk, r, caller)
        case .initiateMultipartUpload(let b, let k): return try await initiate(b, k, r, caller)
        case .uploadPart(let b, let k, let u, let n): return try await uploadPart(b, k, u, n, r, caller)
        case .uploadPartCopy(let b, let k, let u, let n, let sb, let sk): return try await uploadPartCopy(b, k, u, n, (sb, sk), r, caller)
        case .finishMultipartUpload(let b, let k, let u, let nk): return try await finish(b, k, u, nk, r, caller)
        case .abortMultipartUpload(let b, let k, let u): return try await abort(b, k, u, caller)
        case .getMultiUploadPart(let b, let u, let l): return try await multiUploadParts(b, u, l, caller)
        case .getMultiUploadId(let b, let q): return try await multiUploadIDs(b, q, caller)
        case .api(let call): return try await api(call, caller)
        case .unsupported(let what): throw StorageError(.notImplemented, "This operation is not implemented by Tessera (\(what)).")
        }
    }

    /// The ETag UFile clients see for an object: the SHA-1-block ETag for UFile-written data, else the MD5 one.
    static func etag(_ o: ObjectRecord) -> String { etag(ufile: o.ufileETag, md5: o.etag) }

    /// The same for a listed object, read in place (``ListingPage/forEachItem(_:)`` lends a
    /// pointer: handing a closure the record itself copied it whole for each entry).
    static func etag(_ o: UnsafePointer<ObjectRecord>) -> String { etag(ufile: o.pointee.ufileETag, md5: o.pointee.etag) }

    private static func etag(ufile: String?, md5: ETag) -> String { ufile ?? md5.description }

    /// The ETag UFile clients see for a part: URL-safe base64 of its SHA-1, else its MD5.
    static func etag(_ p: Part) -> String {
        if let sha = p.checksums.first(where: { $0.algorithm == .sha1 }) { return SHA1BlockDigest.urlSafe(sha.base64) }
        return p.etag.description
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

/// Who a UFile request is from: a verified signature, or a form upload whose signature is in
/// the form (verified when the form is read).
public enum UFilePrincipal: Sendable {
    /// The owner of the credential that signed the request.
    case signed(Owner)
    /// A PostFile form; its `Authorization` field is verified by the handler.
    case formUpload
    /// No credentials: a GET or HEAD of an object, served only from a public bucket.
    case anonymous
}
