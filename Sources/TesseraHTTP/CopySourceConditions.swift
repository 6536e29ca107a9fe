public import TesseraCore

/// The conditions a copy puts on its source (CopyObject, UploadPartCopy): `<prefix>if-match`,
/// `-if-none-match`, `-if-modified-since`, `-if-unmodified-since`, where the prefix is the
/// dialect's (`x-amz-copy-source-`, `x-bce-copy-source-`). Combined as S3 does (an `if-match`
/// that holds overrides a failing `if-unmodified-since`; an `if-none-match` that fails fails
/// whatever `if-modified-since` says). Dates that do not parse are ignored, as by S3.
public struct CopySourceConditions: Sendable, Equatable {
    /// ETags of which the source must have one (`*` matches any).
    public var ifMatch: String?
    /// ETags of which the source must have none.
    public var ifNoneMatch: String?
    /// The source must have changed after this instant.
    public var ifModifiedSince: Timestamp?
    /// The source must not have changed after this instant.
    public var ifUnmodifiedSince: Timestamp?
    /// The headers' common prefix, for the name a failure reports.
    public var headerPrefix: String

    /// No conditions.
    public init(headerPrefix: String = "x-amz-copy-source-") { self.headerPrefix = headerPrefix }

    /// The conditions `request` carries in the headers that begin with `headerPrefix`.
    public init(_ request: WireRequest, headerPrefix: String) {
        self.headerPrefix = headerPrefix
        ifMatch = request.header(headerPrefix + "if-match")
        ifNoneMatch = request.header(headerPrefix + "if-none-match")
        ifModifiedSince = request.header(headerPrefix + "if-modified-since").flatMap { Timestamp(httpDate: $0) }
        ifUnmodifiedSince = request.header(headerPrefix + "if-unmodified-since").flatMap { Timestamp(httpDate: $0) }
    }

    /// Throws `preconditionFailed` unless `source` satisfies the conditions.
    public func check(_ source: ObjectRecord) throws(StorageError) {
        func matches(_ list: String) -> Bool { Self.etagList(list, contains: source.etag) }
        let seconds = source.lastModified.seconds
        if let m = ifMatch {
            if !matches(m) { throw failed("if-match") }
        } else if let t = ifUnmodifiedSince, seconds > t.seconds {
            throw failed("if-unmodified-since")
        }
        if let m = ifNoneMatch {
            if matches(m) { throw failed("if-none-match") }
        } else if let t = ifModifiedSince, seconds <= t.seconds {
            throw failed("if-modified-since")
        }
    }

    /// Whether a comma-separated list of ETags (quoted or not, `*` for any) names `etag`.
    public static func etagList(_ list: String, contains etag: ETag) -> Bool {
        list.split(separator: ",").contains { item in
            let v = String(item).trimmingSpaces()
            return v == "*" || ETag(parsing: v) == etag
        }
    }

    private func failed(_ condition: String) -> StorageError {
        StorageError(.preconditionFailed, "At least one of the pre-conditions you specified did not hold",
                     context: ErrorContext(condition: headerPrefix + condition))
    }
}
