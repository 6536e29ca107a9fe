public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// The one place where failures become S3 wire errors: an exhaustive switch over the engine's
/// domain codes, one over the wire's codes, and S3's wording of both.
public enum S3Errors {
    /// S3's status and code for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .noSuchBucket: (.notFound, "NoSuchBucket")
        case .noSuchKey: (.notFound, "NoSuchKey")
        case .noSuchUpload: (.notFound, "NoSuchUpload")
        case .noSuchLifecycleConfiguration: (.notFound, "NoSuchLifecycleConfiguration")
        case .noSuchConfiguration: (.notFound, missingConfigurationCode(error.context.argument?.value))
        case .bucketAlreadyExists: (.conflict, "BucketAlreadyExists")
        case .bucketAlreadyOwnedByYou: (.conflict, "BucketAlreadyOwnedByYou")
        case .bucketNotEmpty: (.conflict, "BucketNotEmpty")
        case .invalidBucketName: (.badRequest, "InvalidBucketName")
        case .keyTooLong: (.badRequest, "KeyTooLongError")
        case .invalidArgument where error.context.argument?.name == "x-amz-website-redirect-location": (.badRequest, "InvalidRedirectLocation")
        case .invalidArgument: (.badRequest, "InvalidArgument")
        case .invalidTag: (.badRequest, "InvalidTag")
        case .invalidRequest where error.context.argument?.name == "ObjectOwnership": (.badRequest, "InvalidBucketAclWithObjectOwnership")
        case .invalidRequest: (.badRequest, "InvalidRequest")
        case .malformedDocument: (.badRequest, "MalformedXML")
        case .invalidRange: (.rangeNotSatisfiable, "InvalidRange")
        // 400, as AWS answers a partNumber beyond the object's parts (issue 15 item 10).
        case .invalidPartNumber: (.badRequest, "InvalidPartNumber")
        case .incompleteBody: (.badRequest, "IncompleteBody")
        case .notImplemented: (.notImplemented, "NotImplemented")
        case .preconditionFailed: (.preconditionFailed, "PreconditionFailed")
        case .conditionalRequestConflict: (.conflict, "ConditionalRequestConflict")
        case .invalidObjectState: (.forbidden, "InvalidObjectState")
        case .aclNotSupported: (.badRequest, "AccessControlListNotSupported")
        case .malformedPolicy: (.badRequest, "MalformedPolicy")
        case .invalidPart: (.badRequest, "InvalidPart")
        case .invalidPartOrder: (.badRequest, "InvalidPartOrder")
        case .entityTooSmall: (.badRequest, "EntityTooSmall")
        case .entityTooLarge: (.badRequest, "EntityTooLarge")
        case .badDigest:
            error.context.digest?.kind == .signedPayloadSHA256 ? (.badRequest, "XAmzContentSHA256Mismatch") : (.badRequest, "BadDigest")
        case .invalidDigest: (.badRequest, "InvalidDigest")
        case .accessDenied: (.forbidden, "AccessDenied")
        case .internalError: (.internalServerError, "InternalError")
        case .serviceUnavailable: (.serviceUnavailable, "ServiceUnavailable")
        // Not an AWS code (S3 never fills up); 507 as MinIO answers, which SDKs do not retry.
        case .insufficientStorage: (HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "InsufficientStorage")
        }
    }

    /// S3's status and code for a wire error.
    public static func wire(_ error: WireError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .missingAuthentication: (.forbidden, "AccessDenied")
        case .authorizationMalformed: (.badRequest, "AuthorizationHeaderMalformed")
        case .authorizationQueryMalformed: (.badRequest, "AuthorizationQueryParametersError")
        case .unsupportedAuthorization: (.badRequest, "InvalidRequest")
        case .invalidAccessKeyId: (.forbidden, "InvalidAccessKeyId")
        case .signatureDoesNotMatch: (.forbidden, "SignatureDoesNotMatch")
        case .requestTimeTooSkewed: (.forbidden, "RequestTimeTooSkewed")
        case .requestExpired: (.forbidden, "AccessDenied")
        case .invalidPayloadHash: (.badRequest, "InvalidArgument")
        case .missingContentLength: (.lengthRequired, "MissingContentLength")
        case .malformedFraming: (.badRequest, "IncompleteBody")
        case .methodNotAllowed: (.methodNotAllowed, "MethodNotAllowed")
        case .invalidTarget: (.badRequest, "InvalidRequest")
        case .headerSectionTooLarge: (.badRequest, "RequestHeaderSectionTooLarge")
        case .preflightIncomplete: (.badRequest, "BadRequest")
        case .crossOriginForbidden: (.forbidden, "AccessForbidden")
        case .malformedForm: (.badRequest, "MalformedPOSTRequest")
        case .invalidPolicy: (.badRequest, "InvalidPolicyDocument")
        }
    }

    /// The status, code, message and extra fields of S3's `<Error>` for a failure.
    static func reply(_ failure: RequestFailure) -> ErrorDocument.Reply {
        switch failure {
        case .storage(let e):
            let (status, code) = wire(e)
            return .init(status: status, code: code, message: message(e), fields: fields(e.context, code: e.code))
        case .wire(let e):
            let (status, code) = wire(e)
            return .init(status: status, code: code, message: e.message, fields: e.details.map { ($0.name, $0.value) })
        case .internal:
            return .init(status: .internalServerError, code: "InternalError", message: "We encountered an internal error. Please try again.", fields: [])
        }
    }

    /// AWS's wording where it names a header; the engine's neutral message otherwise.
    static func message(_ e: StorageError) -> String {
        switch e.code {
        case .badDigest where e.context.digest?.kind == .signedPayloadSHA256:
            return "The provided 'x-amz-content-sha256' header does not match what was computed."
        case .invalidRequest where e.context.argument?.name.hasPrefix("checksum-") == true:
            let header = "x-amz-" + (e.context.argument?.name ?? "")
            return e.context.argument?.value.isEmpty == true ? "The \(header) trailer was announced but not sent." : "Value for \(header) header is invalid."
        case .incompleteBody:
            return "You did not provide the number of bytes specified by the Content-Length HTTP header."
        default:
            return e.message
        }
    }

    /// The context fields S3 puts in `<Error>`, in its order and spelling.
    static func fields(_ c: ErrorContext, code: StorageError.Code) -> [(String, String)] {
        var f: [(String, String)] = []
        if let v = c.bucket { f.append(("BucketName", v)) }
        if let v = c.key { f.append(("Key", v)) }
        if let v = c.uploadID { f.append(("UploadId", v)) }
        if let v = c.partNumber { f.append((code == .invalidPartNumber ? "PartNumberRequested" : "PartNumber", String(v))) }
        if let v = c.etag { f.append(("ETag", v)) }
        if let a = c.argument, code != .noSuchConfiguration {  // there it only says which configuration
            f.append(("ArgumentName", argumentName(a.name)))
            f.append(("ArgumentValue", a.value))
        }
        if let v = c.proposedSize { f.append(("ProposedSize", String(v))) }
        if let v = c.minSizeAllowed { f.append(("MinSizeAllowed", String(v))) }
        if let v = c.maxSizeAllowed { f.append(("MaxSizeAllowed", String(v))) }
        if let v = c.actualObjectSize { f.append(("ActualObjectSize", String(v))) }
        if let v = c.condition { f.append(("Condition", v)) }
        if let d = c.digest, d.kind == .signedPayloadSHA256 {
            f.append(("ClientComputedContentSHA256", d.declared))
            f.append(("S3ComputedContentSHA256", d.computed))
        }
        return f
    }

    /// S3's code for a bucket configuration that is not set: a bucket's tags (kept, but maybe
    /// none) or one Tessera never keeps (``UnsetConfiguration``).
    static func missingConfigurationCode(_ name: String?) -> String {
        if name == "tagging" { return "NoSuchTagSet" }
        if name == "cors" { return "NoSuchCORSConfiguration" }
        if name == "publicAccessBlock" { return "NoSuchPublicAccessBlockConfiguration" }
        if name == "ownershipControls" { return "OwnershipControlsNotFoundError" }
        if name == "policy" { return "NoSuchBucketPolicy" }
        return name.flatMap { UnsetConfiguration(rawValue: $0)?.missing?.code } ?? "NoSuchConfiguration"
    }

    /// S3's spelling of an engine argument name (`copy-source-range` is a header here).
    static func argumentName(_ name: String) -> String {
        switch name {
        case "copy-source-range": "x-amz-copy-source-range"
        case let n where n.hasPrefix("checksum-"): "x-amz-" + n
        default: name
        }
    }
}
