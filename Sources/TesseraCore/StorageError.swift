/// The one error type the engine throws.
///
/// Storage returns typed domain codes; each dialect maps a ``Code`` to its own wire error in one
/// exhaustive switch and words the message for its clients. Authentication, HTTP framing and
/// routing failures are not the engine's: they live in the wire layer (`WireError`).
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of any wire protocol.
    public enum Code: String, Sendable, CaseIterable {
        // Addressing
        case noSuchBucket, noSuchKey, noSuchUpload, noSuchLifecycleConfiguration
        /// A bucket configuration a dialect knows and Tessera never keeps (S3's policy, CORS, …),
        /// asked for; the context's argument names which.
        case noSuchConfiguration
        case bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty
        case invalidBucketName, keyTooLong
        // Request shape
        case invalidArgument, invalidRequest, malformedDocument, invalidRange, invalidPartNumber
        case incompleteBody, notImplemented, preconditionFailed
        /// A tag set an object cannot carry (too many, too long, repeated, or of characters tags may not hold).
        case invalidTag
        /// A conditional write whose condition held when it arrived lost the race to a concurrent write.
        case conditionalRequestConflict
        /// An operation the object's storage class does not allow (a restore of an object not archived).
        case invalidObjectState
        /// An ACL set where ACLs are off (a bucket whose owner owns every object).
        case aclNotSupported
        /// A bucket policy that is not one: not JSON, a field missing or of the wrong kind, an
        /// action, principal, condition or resource it cannot name.
        case malformedPolicy
        // Multipart rules
        case invalidPart, invalidPartOrder, entityTooSmall, entityTooLarge
        // Integrity
        case badDigest, invalidDigest
        // Authorization (who may touch what; authentication is the wire's)
        case accessDenied
        // Server side
        case internalError, serviceUnavailable
        /// The disk is full, or its free space is below the configured reserve: writes are refused, deletes work.
        case insufficientStorage
    }

    /// The machine-readable code.
    public var code: Code
    /// A human-readable, dialect-neutral explanation (no header or parameter spellings).
    public var message: String
    /// Typed facts a dialect may render or word its message from.
    public var context: ErrorContext
    /// What caused it, when it wraps a lower-level failure (logged, never rendered).
    public var cause: (any Error)?

    /// Creates an error with a code, a message, optional context and an optional cause.
    public init(_ code: Code, _ message: String, context: ErrorContext = ErrorContext(), cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.cause = cause
    }

    /// `code: message`, for logs (with the cause, if any).
    public var description: String {
        cause.map { "\(code.rawValue): \(message) (cause: \($0))" } ?? "\(code.rawValue): \(message)"
    }

    /// Equal code, message and context (the cause is not compared).
    public static func == (a: StorageError, b: StorageError) -> Bool {
        a.code == b.code && a.message == b.message && a.context == b.context
    }
}

extension StorageError {
    /// The bucket does not exist.
    public static func noSuchBucket(_ name: String) -> StorageError {
        StorageError(.noSuchBucket, "The specified bucket does not exist", context: ErrorContext(bucket: name))
    }
    /// The object does not exist.
    public static func noSuchKey(_ key: String) -> StorageError {
        StorageError(.noSuchKey, "The specified key does not exist.", context: ErrorContext(key: key))
    }
    /// The upload does not exist (never existed, completed or aborted).
    public static func noSuchUpload(_ uploadID: String) -> StorageError {
        StorageError(
            .noSuchUpload,
            "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            context: ErrorContext(uploadID: uploadID))
    }
    /// The body is not as long as its declared length.
    public static func incompleteBody() -> StorageError {
        StorageError(.incompleteBody, "You did not provide the number of bytes specified by the declared length of the body.")
    }
    /// The caller may not touch this resource.
    public static func accessDenied(_ message: String = "Access Denied") -> StorageError {
        StorageError(.accessDenied, message)
    }
    /// An argument is out of range or malformed.
    public static func invalidArgument(_ message: String, name: String, value: String) -> StorageError {
        StorageError(.invalidArgument, message, context: ErrorContext(argument: .init(name: name, value: value)))
    }
}
