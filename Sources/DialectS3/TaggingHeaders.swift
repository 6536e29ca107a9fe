import HTTPTypes
import TesseraCore
import TesseraHTTP

/// S3's object tags on the wire: `x-amz-tagging` on writes, `x-amz-tagging-directive` on copies,
/// and `x-amz-tagging-count` on reads.
enum TaggingHeaders {
    static let tagging = "x-amz-tagging"
    /// The same as a field name: every PutObject and initiate looks for it, and a lookup by
    /// field name skips the check of a `String` name's case (~100 instructions).
    static let taggingField = HTTPField.Name(tagging)!
    static let directive = "x-amz-tagging-directive"
    static let count = "x-amz-tagging-count"

    /// The tags of a write's `x-amz-tagging` (`k1=v1&k2=v2`, URL-encoded), checked
    /// (``TagQuery``); nil when the header is absent.
    static func parse(_ r: WireRequest) throws(StorageError) -> [ObjectTag]? {
        guard let raw = r.header(taggingField) else { return nil }
        return try parse(raw)
    }

    /// The tags in one `x-amz-tagging` value.
    static func parse(_ raw: String) throws(StorageError) -> [ObjectTag] { try TagQuery.parse(raw, header: tagging) }

    /// What a copy does with tags: `x-amz-tagging-directive` COPY (the default: the source's
    /// tags) or REPLACE (the request's `x-amz-tagging`, none if absent); any other value is 400.
    static func copyDirective(_ r: WireRequest) throws(StorageError) -> TagDirective {
        switch r.header(directive)?.uppercased() {
        case nil, "COPY": return .copy
        case "REPLACE": return .replace(try parse(r) ?? [])
        case let other?:
            throw StorageError.invalidArgument("Unknown tagging directive.", name: directive, value: other)
        }
    }
}
