public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// The one place where failures become BOS wire errors (protocols/bos.md §6): an exhaustive
/// switch over the engine's domain codes and one over the wire's codes.
public enum BOSErrors {
    /// BOS's status and code for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .noSuchBucket: (.notFound, "NoSuchBucket")
        case .noSuchKey: (.notFound, "NoSuchKey")
        case .noSuchUpload: (.notFound, "NoSuchUpload")
        case .noSuchLifecycleConfiguration: (.notFound, "NoSuchLifecycleConfiguration")
        case .noSuchConfiguration: (.notFound, missingConfigurationCode(error.context.argument?.value))
        case .bucketAlreadyExists, .bucketAlreadyOwnedByYou: (.conflict, "BucketAlreadyExists")
        case .bucketNotEmpty: (.conflict, "BucketNotEmpty")
        case .invalidBucketName: (.badRequest, "InvalidBucketName")
        case .keyTooLong: (.badRequest, "InvalidObjectName")
        case .invalidArgument, .invalidTag: (.badRequest, "InvalidArgument")
        case .invalidRequest: (.badRequest, "InvalidHTTPRequest")
        case .malformedDocument: (.badRequest, "InappropriateJSON")
        case .invalidRange, .invalidPartNumber: (.rangeNotSatisfiable, "InvalidRange")
        case .incompleteBody: (.badRequest, "IncompleteBody")
        case .notImplemented: (.notImplemented, "NotImplemented")
        case .preconditionFailed: (.preconditionFailed, "PreconditionFailed")
        case .conditionalRequestConflict: (.conflict, "ConditionalRequestConflict")
        case .invalidPart: (.badRequest, "InvalidPart")
        case .invalidPartOrder: (.badRequest, "InvalidPartOrder")
        case .entityTooSmall: (.badRequest, "EntityTooSmall")
        case .entityTooLarge: (.badRequest, "EntityTooLarge")
        case .badDigest: (.badRequest, "BadDigest")
        case .invalidDigest: (.badRequest, "InvalidDigest")
        case .accessDenied: (.forbidden, "AccessDenied")
        case .internalError: (.internalServerError, "InternalError")
        case .serviceUnavailable: (.serviceUnavailable, "ServiceUnavailable")
        case .insufficientStorage: (HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "InsufficientStorage")
        case .invalidObjectState: (.forbidden, "InvalidObjectState")
        case .aclNotSupported: (.badRequest, "AccessControlListNotSupported")
        case .malformedPolicy: (.badRequest, "InvalidArgument")  // BOS sets no S3 policies
        }
    }

    /// The code of a bucket configuration that is not set (S3's names: BOS's pages name none).
    static func missingConfigurationCode(_ name: String?) -> String {
        switch name {
        case "cors": "NoSuchCORSConfiguration"
        case "tagging": "NoSuchTagSet"
        default: "NoSuchConfiguration"
        }
    }

    /// BOS's status and code for a wire error.
    public static func wire(_ error: WireError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .missingAuthentication: (.forbidden, "AccessDenied")
        case .authorizationMalformed, .authorizationQueryMalformed, .unsupportedAuthorization: (.badRequest, "InvalidHTTPAuthHeader")
        case .invalidAccessKeyId: (.forbidden, "InvalidAccessKeyId")
        case .signatureDoesNotMatch: (.badRequest, "SignatureDoesNotMatch")
        case .requestTimeTooSkewed, .requestExpired: (.badRequest, "RequestExpired")
        case .invalidPayloadHash: (.badRequest, "InvalidArgument")
        case .missingContentLength: (.lengthRequired, "MissingContentLength")
        case .malformedFraming: (.badRequest, "IncompleteBody")
        case .methodNotAllowed: (.methodNotAllowed, "MethodNotAllowed")
        case .invalidTarget: (.badRequest, "InvalidHTTPRequest")
        case .headerSectionTooLarge: (.badRequest, "MaxHeaderSizeExceeded")
        case .preflightIncomplete, .malformedForm, .invalidPolicy: (.badRequest, "InvalidArgument")
        case .crossOriginForbidden: (.forbidden, "AccessDenied")
        }
    }

    /// Status, code and message of the BOS error document for a failure.
    static func reply(_ failure: RequestFailure) -> (HTTPResponse.Status, String, String) {
        switch failure {
        case .storage(let e):
            let (status, code) = wire(e)
            return (status, code, message(e))
        case .wire(let e):
            let (status, code) = wire(e)
            return (status, code, e.message)
        case .internal:
            return (.internalServerError, "InternalError", "We encountered an internal error. Please try again.")
        }
    }

    /// BOS's wording where the engine's message would name another dialect's header.
    static func message(_ e: StorageError) -> String {
        switch e.code {
        case .invalidRequest where e.context.argument?.name.hasPrefix("checksum-") == true:
            "The declared x-bce-content-\(e.context.argument?.name.dropFirst("checksum-".count) ?? "") value is invalid."
        case .incompleteBody: "You did not provide the number of bytes specified by the Content-Length HTTP header."
        default: e.message
        }
    }
}
