/// The one error type the engine throws.
///
/// Storage returns typed codes; each dialect maps a ``Code`` to its own wire error in one
/// exhaustive switch. The message is human-readable and dialect-neutral.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of any wire protocol.
    public enum Code: String, Sendable, CaseIterable {
        // Addressing
        case noSuchBucket, noSuchKey, noSuchUpload, noSuchLifecycleConfiguration
        case bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty
        case invalidBucketName, keyTooLong
        // Request shape
        case invalidArgument, invalidRequest, malformedDocument, invalidRange
        case missingContentLength, incompleteBody, notImplemented, methodNotAllowed
        case preconditionFailed
        // Multipart rules
        case invalidPart, invalidPartOrder, entityTooSmall, entityTooLarge
        // Integrity
        case badDigest, invalidDigest, payloadHashMismatch
        // Authentication and authorization
        case accessDenied, signatureDoesNotMatch, invalidAccessKeyId, requestTimeTooSkewed
        case requestExpired, missingAuthentication, authorizationMalformed
        // Server side
        case internalError, serviceUnavailable
    }

    /// The machine-readable code.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// Extra facts a dialect may render (for example `BucketName`, `Key`, `UploadId`, `ArgumentName`).
    public var context: [String: String]

    /// Creates an error with a code, a message and optional context.
    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `code: message`, for logs.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension StorageError {
    /// The bucket does not exist.
    public static func noSuchBucket(_ name: String) -> StorageError {
        StorageError(.noSuchBucket, "The specified bucket does not exist", context: ["BucketName": name])
    }
    /// The object does not exist.
    public static func noSuchKey(_ key: String) -> StorageError {
        StorageError(.noSuchKey, "The specified key does not exist.", context: ["Key": key])
    }
    /// The upload does not exist (never existed, completed or aborted).
    public static func noSuchUpload(_ uploadID: String) -> StorageError {
        StorageError(
            .noSuchUpload,
            "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            context: ["UploadId": uploadID])
    }
    /// The body is not as long as its declared length.
    public static func incompleteBody() -> StorageError {
        StorageError(.incompleteBody, "You did not provide the number of bytes specified by the Content-Length HTTP header.")
    }
    /// The caller may not touch this resource.
    public static func accessDenied(_ message: String = "Access Denied") -> StorageError {
        StorageError(.accessDenied, message)
    }
    /// An argument is out of range or malformed.
    public static func invalidArgument(_ message: String, name: String, value: String) -> StorageError {
        StorageError(.invalidArgument, message, context: ["ArgumentName": name, "ArgumentValue": value])
    }
}
