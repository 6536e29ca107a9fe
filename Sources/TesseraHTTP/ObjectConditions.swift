public import TesseraCore

/// HTTP's conditional requests on an object, as S3 reads them and BOS's SDK sends them:
/// `If-Match`, `If-None-Match`, `If-Modified-Since` and `If-Unmodified-Since` on a read, and
/// the conditional writes (`If-None-Match: *`, `If-Match: <etag>`) on a PUT or a Complete.
public enum ObjectConditions {
    /// A GET's or HEAD's conditions on `object`: throws `preconditionFailed` (412) when an
    /// `If-Match` or `If-Unmodified-Since` fails, returns the 304 answer when an `If-None-Match`
    /// or `If-Modified-Since` fails, nil when the object is to be served. An `If-Match` that
    /// holds overrides a failing `If-Unmodified-Since`, an `If-None-Match` a failing
    /// `If-Modified-Since` (RFC 9110 §13.2.2); dates that do not parse are ignored.
    public static func read(_ object: ObjectRecord, _ request: WireRequest) throws(StorageError) -> WireResponse? {
        func matches(_ header: String) -> Bool { CopySourceConditions.etagList(header, contains: object.etag) }
        let failed = StorageError(.preconditionFailed, "At least one of the pre-conditions you specified did not hold",
                                  context: ErrorContext(condition: "If-Match"))
        if let m = request.header(.ifMatch), !matches(m) { throw failed }
        if request.header(.ifMatch) == nil, let s = request.header(.ifUnmodifiedSince), let t = Timestamp(httpDate: s),
           object.lastModified.seconds > t.seconds {
            throw failed
        }
        var notModified = false
        if let m = request.header(.ifNoneMatch) {
            notModified = matches(m)
        } else if let s = request.header(.ifModifiedSince), let t = Timestamp(httpDate: s), object.lastModified.seconds <= t.seconds {
            notModified = true
        }
        guard notModified else { return nil }
        var response = WireResponse(status: .notModified)
        response.headers.set(object.etag.quoted, for: .eTag)
        response.headers.set(object.lastModified.httpDate, for: .lastModified)
        return response
    }

    /// A write's condition on the object it would replace: `If-None-Match: *` (create only) or
    /// `If-Match: <etag>` (replace only that version). Other `If-None-Match` values, or both
    /// headers, are not implemented by S3 for writes either (501).
    public static func write(_ request: WireRequest) throws(StorageError) -> WriteCondition {
        func trimmed(_ v: String?) -> String? { v.map { $0.trimmingSpaces() } }
        let noneMatch = trimmed(request.header(.ifNoneMatch))
        let match = trimmed(request.header(.ifMatch))
        switch (noneMatch, match) {
        case (nil, nil):
            return .none
        case ("*", nil):
            return .absent
        case (nil, let etag?):
            return ifMatch(etag)
        default:
            throw notImplemented(noneMatch != nil ? "If-None-Match" : "If-Match", noneMatch ?? match ?? "")
        }
    }

    /// An `If-Match` value as a condition on a write or a delete: `*` asks for some object,
    /// anything else for the object with that ETag (quoted or not).
    public static func ifMatch(_ value: String) -> WriteCondition {
        let v = value.trimmingSpaces()
        return v == "*" ? .present : .matching(ETag(parsing: v) ?? ETag(hex: v))
    }

    /// The 501 for a condition a write cannot honour (refused, never ignored).
    public static func notImplemented(_ name: String, _ value: String) -> StorageError {
        StorageError(.notImplemented, "A header you provided implies functionality that is not implemented",
                     context: ErrorContext(argument: .init(name: name, value: value)))
    }
}
