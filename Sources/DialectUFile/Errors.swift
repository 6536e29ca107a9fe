import HTTPTypes
import TesseraCore

/// The one place where engine error codes become UFile errors: a status and a non-zero RetCode
/// for `{"RetCode": …, "ErrMsg": …}` (protocols/ufile.md §5).
public enum UFileErrors {
    /// UFile's status and RetCode for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, retCode: Int) {
        switch error.code {
        case .noSuchBucket: (.notFound, -30010)
        case .noSuchKey: (.notFound, -15010)
        case .noSuchUpload: (.notFound, -30020)
        case .noSuchLifecycleConfiguration: (.notFound, -30010)
        case .bucketAlreadyExists, .bucketAlreadyOwnedByYou: (.conflict, -30011)
        case .bucketNotEmpty: (.conflict, -30012)
        case .invalidBucketName: (.badRequest, -30013)
        case .keyTooLong: (.badRequest, -15001)
        case .invalidArgument, .invalidRequest: (.badRequest, -15002)
        case .malformedDocument: (.badRequest, -15003)
        case .invalidRange: (.rangeNotSatisfiable, -15004)
        case .missingContentLength: (.lengthRequired, -15005)
        case .incompleteBody: (.badRequest, -15006)
        case .notImplemented: (.notImplemented, -15007)
        case .methodNotAllowed: (.methodNotAllowed, -15008)
        case .preconditionFailed: (.preconditionFailed, -15009)
        case .invalidPart: (.badRequest, -30021)
        case .invalidPartOrder: (.badRequest, -30022)
        case .entityTooSmall: (.badRequest, -30023)
        case .entityTooLarge: (.badRequest, -30024)
        case .badDigest, .payloadHashMismatch: (.badRequest, -15011)
        case .invalidDigest: (.badRequest, -15012)
        case .accessDenied: (.forbidden, -30001)
        case .signatureDoesNotMatch: (.unauthorized, -30002)
        case .invalidAccessKeyId: (.unauthorized, -30003)
        case .requestTimeTooSkewed, .requestExpired: (.unauthorized, -30004)
        case .missingAuthentication: (.unauthorized, -30005)
        case .authorizationMalformed: (.unauthorized, -30006)
        case .internalError: (.internalServerError, -1)
        case .serviceUnavailable: (.serviceUnavailable, -2)
        }
    }
}
