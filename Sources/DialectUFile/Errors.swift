public import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// The one place where failures become UFile errors: a status and a non-zero RetCode for
/// `{"RetCode": …, "ErrMsg": …}` (protocols/ufile.md §5), one exhaustive switch over the
/// engine's domain codes and one over the wire's codes.
public enum UFileErrors {
    /// UFile's status and RetCode for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, retCode: Int) {
        switch error.code {
        case .noSuchBucket: (.notFound, -30010)
        case .noSuchKey: (.notFound, -15010)
        case .noSuchUpload: (.notFound, -30020)
        case .noSuchLifecycleConfiguration, .noSuchConfiguration: (.notFound, -30010)
        case .bucketAlreadyExists, .bucketAlreadyOwnedByYou: (.conflict, -30011)
        case .bucketNotEmpty: (.conflict, -30012)
        case .invalidBucketName: (.badRequest, -30013)
        case .keyTooLong: (.badRequest, -15001)
        case .invalidArgument, .invalidRequest, .invalidTag: (.badRequest, -15002)
        case .malformedDocument: (.badRequest, -15003)
        case .invalidRange, .invalidPartNumber: (.rangeNotSatisfiable, -15004)
        case .incompleteBody: (.badRequest, -15006)
        case .notImplemented: (.notImplemented, -15007)
        case .preconditionFailed: (.preconditionFailed, -15009)
        case .conditionalRequestConflict: (.conflict, -15014)
        case .invalidPart: (.badRequest, -30021)
        case .invalidPartOrder: (.badRequest, -30022)
        case .entityTooSmall: (.badRequest, -30023)
        case .entityTooLarge: (.badRequest, -30024)
        case .badDigest: (.badRequest, -15011)
        case .invalidDigest: (.badRequest, -15012)
        case .accessDenied: (.forbidden, -30001)
        case .internalError: (.internalServerError, -1)
        case .serviceUnavailable: (.serviceUnavailable, -2)
        case .insufficientStorage: (HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), -15013)
        case .invalidObjectState: (.forbidden, -15002)
        case .aclNotSupported, .malformedPolicy: (.badRequest, -15002)
        }
    }

    /// UFile's status and RetCode for a wire error.
    public static func wire(_ error: WireError) -> (status: HTTPResponse.Status, retCode: Int) {
        switch error.code {
        case .signatureDoesNotMatch: (.unauthorized, -30002)
        case .invalidAccessKeyId: (.unauthorized, -30003)
        case .requestTimeTooSkewed, .requestExpired: (.unauthorized, -30004)
        case .missingAuthentication: (.unauthorized, -30005)
        case .authorizationMalformed, .authorizationQueryMalformed, .unsupportedAuthorization: (.unauthorized, -30006)
        case .invalidPayloadHash, .invalidTarget, .headerSectionTooLarge: (.badRequest, -15002)
        case .missingContentLength: (.lengthRequired, -15005)
        case .malformedFraming: (.badRequest, -15006)
        case .methodNotAllowed: (.methodNotAllowed, -15008)
        // UFile's buckets keep no CORS rules here: its router answers no preflight.
        case .preflightIncomplete, .crossOriginForbidden, .malformedForm, .invalidPolicy: (.badRequest, -15002)
        }
    }

    /// Status, RetCode and message of the UFile error document for a failure.
    static func reply(_ failure: RequestFailure) -> (HTTPResponse.Status, Int, String) {
        switch failure {
        case .storage(let e):
            let (status, code) = wire(e)
            return (status, code, e.code == .incompleteBody ? "The body is shorter than its Content-Length." : e.message)
        case .wire(let e):
            let (status, code) = wire(e)
            return (status, code, e.message)
        case .internal:
            return (.internalServerError, -1, "internal error")
        }
    }
}
