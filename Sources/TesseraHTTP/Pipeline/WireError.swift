/// A failure of the wire, not of storage: authentication, HTTP framing, a method or target no
/// operation answers. Dialects throw it from their verifiers, routers and body decoders and
/// render it in one exhaustive switch next to the one for ``StorageError``.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong on the wire.
    public enum Code: String, Sendable, CaseIterable {
        /// No credentials at all (an anonymous request).
        case missingAuthentication
        /// The authorization header or query is not in the scheme's form.
        case authorizationMalformed
        /// Query-string (presigned) authentication parameters are missing or out of range.
        case authorizationQueryMalformed
        /// A scheme the dialect does not speak.
        case unsupportedAuthorization
        /// No credential has this access key.
        case invalidAccessKeyId
        /// The signature does not verify.
        case signatureDoesNotMatch
        /// The request time is too far from the server's.
        case requestTimeTooSkewed
        /// A presigned URL or time-limited signature has expired.
        case requestExpired
        /// A body's declared SHA-256 (the one the signature covers) is not a SHA-256.
        case invalidPayloadHash
        /// A streamed write without a length.
        case missingContentLength
        /// Body framing (chunked, aws-chunked) is broken.
        case malformedFraming
        /// The method is not allowed on this resource.
        case methodNotAllowed
        /// The request target cannot be read (not a path, not a configured host).
        case invalidTarget
        /// The header section is larger than the server accepts.
        case headerSectionTooLarge
        /// A browser's preflight (`OPTIONS`) without the `Origin` or the method it asks about.
        case preflightIncomplete
        /// A browser's preflight the bucket's cross-origin rules do not allow (or it has none).
        case crossOriginForbidden
        /// A form upload's body is not a `multipart/form-data` form.
        case malformedForm
        /// A form upload's policy is not one (not base64 JSON, no expiration, a condition of no known form).
        case invalidPolicy
    }

    /// The code.
    public var code: Code
    /// A message in the dialect's own words (its verifier or router wrote it).
    public var message: String
    /// Extra fields the dialect's error document carries, in order (`StringToSign`, …).
    public var details: [Detail]

    /// One extra field of an error document.
    public struct Detail: Sendable, Equatable {
        /// Field name, as the dialect spells it.
        public var name: String
        /// Its value.
        public var value: String

        /// Creates a field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a wire error.
    public init(_ code: Code, _ message: String, details: [Detail] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// `code: message`, for logs.
    public var description: String { "\(code.rawValue): \(message)" }
}
