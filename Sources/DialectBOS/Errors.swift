import HTTPTypes
import TesseraCore

/// The one place where engine error codes become BOS wire errors (protocols/bos.md §6).
public enum BOSErrors {
    /// BOS's status and code for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .noSuchBucket: (.notFound, "NoSuchBucket")
        case .noSuchKey: (.notFound, "NoSuchKey")
        case .noSuchUpload: (.notFound, "NoSuchUpload")
        case .noSuchLifecycleConfiguration: (.notFound, "NoSuchLifecycleConfiguration")
        case .bucketAlreadyExists, .bucketAlreadyOwnedByYou: (.conflict, "BucketAlreadyExists")
        case .bucketNotEmpty: (.conflict, "BucketNotEmpty")
        case .invalidBucketName: (.badRequest, "InvalidBucketName")
        case .keyTooLong: (.badRequest, "InvalidObjectName")
        case .invalidArgument: (.badRequest, "InvalidArgument")
        case .invalidRequest: (.badRequest, "InvalidHTTPRequest")
        case .malformedDocument: (.badRequest, "InappropriateJSON")
        case .invalidRange: (.rangeNotSatisfiable, "InvalidRange")
        case .missingContentLength: (.lengthRequired, "MissingContentLength")
        case .incompleteBody: (.badRequest, "IncompleteBody")
        case .notImplemented: (.notImplemented, "NotImplemented")
        case .methodNotAllowed: (.methodNotAllowed, "MethodNotAllowed")
        case .preconditionFailed: (.preconditionFailed, "PreconditionFailed")
        case .invalidPart: (.badRequest, "InvalidPart")
        case .invalidPartOrder: (.badRequest, "InvalidPartOrder")
        case .entityTooSmall: (.badRequest, "EntityTooSmall")
        case .entityTooLarge: (.badRequest, "EntityTooLarge")
        case .badDigest, .payloadHashMismatch: (.badRequest, "BadDigest")
        case .invalidDigest: (.badRequest, "InvalidDigest")
        case .accessDenied, .missingAuthentication: (.forbidden, "AccessDenied")
        case .signatureDoesNotMatch: (.badRequest, "SignatureDoesNotMatch")
        case .invalidAccessKeyId: (.forbidden, "InvalidAccessKeyId")
        case .requestTimeTooSkewed, .requestExpired: (.badRequest, "RequestExpired")
        case .authorizationMalformed: (.badRequest, "InvalidHTTPAuthHeader")
        case .internalError: (.internalServerError, "InternalError")
        case .serviceUnavailable: (.serviceUnavailable, "ServiceUnavailable")
        }
    }
}
