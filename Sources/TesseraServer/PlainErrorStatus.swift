import HTTPTypes
import TesseraCore
import TesseraHTTP

/// The HTTP status of a failure for Tessera's own endpoints (the admin API, the console), which
/// speak no vendor's error dialect: one exhaustive switch over the engine's codes and one over
/// the wire's, so both endpoints answer alike.
enum PlainErrorStatus {
    /// The status and the message shown for `failure`.
    static func of(_ failure: RequestFailure) -> (status: HTTPResponse.Status, message: String) {
        switch failure {
        case .storage(let e): (status(e.code), e.message)
        case .wire(let e): (status(e.code), e.message)
        case .internal: (.internalServerError, "The server failed to answer; the request id is in the response headers.")
        }
    }

    static func status(_ code: StorageError.Code) -> HTTPResponse.Status {
        switch code {
        case .accessDenied: .forbidden
        case .noSuchBucket, .noSuchKey, .noSuchUpload, .noSuchLifecycleConfiguration, .noSuchConfiguration: .notFound
        case .bucketAlreadyExists, .bucketAlreadyOwnedByYou, .bucketNotEmpty, .conditionalRequestConflict: .conflict
        case .preconditionFailed: .preconditionFailed
        case .invalidRange: .rangeNotSatisfiable
        case .notImplemented: .notImplemented
        case .serviceUnavailable: .serviceUnavailable
        case .insufficientStorage: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
        case .invalidObjectState: .forbidden
        case .aclNotSupported, .malformedPolicy: .badRequest
        case .internalError: .internalServerError
        case .invalidBucketName, .keyTooLong, .invalidArgument, .invalidRequest, .malformedDocument, .invalidPartNumber, .invalidTag,
             .incompleteBody, .invalidPart, .invalidPartOrder, .entityTooSmall, .entityTooLarge, .badDigest, .invalidDigest:
            .badRequest
        }
    }

    static func status(_ code: WireError.Code) -> HTTPResponse.Status {
        switch code {
        case .missingAuthentication, .invalidAccessKeyId, .signatureDoesNotMatch, .requestTimeTooSkewed, .requestExpired,
             .crossOriginForbidden: .forbidden
        case .authorizationMalformed, .authorizationQueryMalformed, .unsupportedAuthorization, .invalidPayloadHash,
             .malformedFraming, .invalidTarget, .headerSectionTooLarge, .preflightIncomplete,
             .malformedForm, .invalidPolicy: .badRequest
        case .missingContentLength: .lengthRequired
        case .methodNotAllowed: .methodNotAllowed
        }
    }
}
