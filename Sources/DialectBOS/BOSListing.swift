public import TesseraCore
import TesseraHTTP

/// A parsed BOS ListMultipartUploads request: the engine query and the markers as sent (echoed).
public struct BOSUploadListing: Sendable, Hashable {
    /// The engine query; `keyMarker` may have carried Tessera's `key` + NUL + `uploadId` token.
    public var query: ListingQuery
    /// `keyMarker` as sent.
    public var keyMarker: String
    /// `uploadIdMarker` as sent.
    public var uploadIDMarker: String
}

/// BOS's listing parameters, parsed once by the router.
enum BOSListingParameters {
    /// `maxKeys`, `maxUploads`, `maxParts`: default 1000, clamped to 1...1000.
    static func maxCount(_ q: QueryParameters, _ name: String) throws(StorageError) -> Int {
        try QueryParsing.count(q, name, default: 1000, max: 1000, message: "\(name) must be a non-negative integer.")
    }

    /// ListObjects: `prefix`, `delimiter`, `marker`, `maxKeys`.
    static func objects(_ q: QueryParameters) throws(StorageError) -> ListingQuery {
        ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: q["marker"] ?? "", limit: try maxCount(q, "maxKeys"))
    }

    /// ListMultipartUploads. The official SDK resumes with `keyMarker` alone, so truncated pages
    /// end where one key's uploads end; a `keyMarker` holding Tessera's token resumes exactly
    /// inside one key's uploads. `uploadIdMarker` counts only with a `keyMarker`.
    static func uploads(_ q: QueryParameters) throws(StorageError) -> BOSUploadListing {
        let rawKeyMarker = q["keyMarker"] ?? ""
        let (key, tokenID) = ResumeMarker.split(rawKeyMarker)
        let idMarker = tokenID ?? (rawKeyMarker.isEmpty ? "" : (q["uploadIdMarker"] ?? ""))
        let query = ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: key, idMarker: idMarker,
                                 limit: try maxCount(q, "maxUploads"), endOnKeyBoundary: true)
        return BOSUploadListing(query: query, keyMarker: rawKeyMarker, uploadIDMarker: q["uploadIdMarker"] ?? "")
    }

    /// ListParts: `partNumberMarker`, `maxParts`.
    static func parts(_ q: QueryParameters) throws(StorageError) -> PartListing {
        PartListing(marker: try QueryParsing.marker(q, "partNumberMarker", message: "partNumberMarker must be a non-negative integer."),
                    limit: try maxCount(q, "maxParts"))
    }
}
