import HTTPTypes
import TesseraCore

/// The one place where engine error codes become S3 wire errors.
public enum S3Errors {
    /// S3's status and code for an engine error.
    public static func wire(_ error: StorageError) -> (status: HTTPResponse.Status, code: String) {
        switch error.code {
        case .noSuchBucket: (.notFound, "NoSuchBucket")
        case .noSuchKey: (.notFound, "NoSuchKey")
        case .noSuchUpload: (.notFound, "NoSuchUpload")
        case .noSuchLifecycleConfiguration: (.notFound, "NoSuchLifecycleConfiguration")
        case .bucketAlreadyExists: (.conflict, "BucketAlreadyExists")
        case .bucketAlreadyOwnedByYou: (.conflict, "BucketAlreadyOwnedByYou")
        case .bucketNotEmpty: (.conflict, "BucketNotEmpty")
        case .invalidBucketName: (.badRequest, "InvalidBucketName")
        case .keyTooLong: (.badRequest, "KeyTooLongError")
        case .invalidArgument: (.badRequest, "InvalidArgument")
        case .invalidRequest: (.badRequest, "InvalidRequest")
        case .malformedDocument: (.badRequest, "MalformedXML")
        case .invalidRange:
            error.context["PartNumberRequested"] != nil ? (.rangeNotSatisfiable, "InvalidPartNumber") : (.rangeNotSatisfiable, "InvalidRange")
        case .missingContentLength: (.lengthRequired, "MissingContentLength")
        case .incompleteBody: (.badRequest, "IncompleteBody")
        case .notImplemented: (.notImplemented, "NotImplemented")
        case .methodNotAllowed: (.methodNotAllowed, "MethodNotAllowed")
        case .preconditionFailed: (.preconditionFailed, "PreconditionFailed")
        case .invalidPart: (.badRequest, "InvalidPart")
        case .invalidPartOrder: (.badRequest, "InvalidPartOrder")
        case .entityTooSmall: (.badRequest, "EntityTooSmall")
        case .entityTooLarge: (.badRequest, "EntityTooLarge")
        case .badDigest: (.badRequest, "BadDigest")
        case .invalidDigest: (.badRequest, "InvalidDigest")
        case .payloadHashMismatch: (.badRequest, "XAmzContentSHA256Mismatch")
        case .accessDenied: (.forbidden, "AccessDenied")
        case .signatureDoesNotMatch: (.forbidden, "SignatureDoesNotMatch")
        case .invalidAccessKeyId: (.forbidden, "InvalidAccessKeyId")
        case .requestTimeTooSkewed: (.forbidden, "RequestTimeTooSkewed")
        case .requestExpired: (.forbidden, "AccessDenied")
        case .missingAuthentication: (.forbidden, "AccessDenied")
        case .authorizationMalformed: (.badRequest, "AuthorizationHeaderMalformed")
        case .internalError: (.internalServerError, "InternalError")
        case .serviceUnavailable: (.serviceUnavailable, "ServiceUnavailable")
        }
    }
}
