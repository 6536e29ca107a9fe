public import TesseraCore
import TesseraHTTP

/// CopyObject's and UploadPartCopy's conditions on the source: `x-amz-copy-source-if-match`,
/// `-if-none-match`, `-if-modified-since`, `-if-unmodified-since`, combined as S3 does (an
/// `if-match` that holds overrides a failing `if-unmodified-since`; an `if-none-match` that fails
/// fails whatever `if-modified-since` says). Dates that do not parse are ignored, as by S3.
public struct CopyConditions: Sendable, Equatable {
    /// ETags of which the source must have one (`*` matches any).
    public var ifMatch: String?
    /// ETags of which the source must have none.
    public var ifNoneMatch: String?
    /// The source must have changed after this instant.
    public var ifModifiedSince: Timestamp?
    /// The source must not have changed after this instant.
    public var ifUnmodifiedSince: Timestamp?

    /// No conditions.
    public init() {}

    /// The conditions a request carries.
    init(_ request: WireRequest) {
        ifMatch = request.header("x-amz-copy-source-if-match")
        ifNoneMatch = request.header("x-amz-copy-source-if-none-match")
        ifModifiedSince = request.header("x-amz-copy-source-if-modified-since").flatMap { Timestamp(httpDate: $0) }
        ifUnmodifiedSince = request.header("x-amz-copy-source-if-unmodified-since").flatMap { Timestamp(httpDate: $0) }
    }

    /// Throws `preconditionFailed` unless `source` satisfies the conditions.
    public func check(_ source: ObjectRecord) throws(StorageError) {
        func matches(_ list: String) -> Bool { S3Headers.etagList(list, contains: source.etag) }
        let seconds = source.lastModified.seconds
        if let m = ifMatch {
            if !matches(m) { throw Self.failed("x-amz-copy-source-if-match") }
        } else if let t = ifUnmodifiedSince, seconds > t.seconds {
            throw Self.failed("x-amz-copy-source-if-unmodified-since")
        }
        if let m = ifNoneMatch {
            if matches(m) { throw Self.failed("x-amz-copy-source-if-none-match") }
        } else if let t = ifModifiedSince, seconds <= t.seconds {
            throw Self.failed("x-amz-copy-source-if-modified-since")
        }
    }

    private static func failed(_ header: String) -> StorageError {
        StorageError(.preconditionFailed, "At least one of the pre-conditions you specified did not hold", context: ErrorContext(condition: header))
    }
}
