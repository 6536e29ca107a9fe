public import TesseraCore
import TesseraHTTP

/// A parsed S3 listing request (ListObjects, ListObjectsV2, ListObjectVersions,
/// ListMultipartUploads): the engine's query and what the response echoes.
public struct S3Listing: Sendable, Hashable {
    /// Prefix, delimiter, markers and page size, validated and clamped.
    public var query: ListingQuery
    /// `encoding-type=url`.
    public var urlEncoded: Bool
    /// ListObjectsV2: the `continuation-token` as sent.
    public var continuationToken: String?
    /// ListObjectsV2: `start-after`.
    public var startAfter: String?
    /// ListObjectsV2: `fetch-owner=true`.
    public var fetchOwner: Bool = false
    /// `max-keys=0` / `max-uploads=0`: S3 answers an empty page (the engine still reads one
    /// entry, for the access check; ``ListingQuery/limit`` is at least 1).
    public var emptyPage: Bool = false
    /// Whether the request carried `prefix` (ListMultipartUploads echoes it only then).
    public var prefixSent: Bool = false
    /// `x-amz-optional-object-attributes: RestoreStatus`: each archived object says it is restored.
    public var restoreStatus: Bool = false

    /// Creates a listing request.
    public init(query: ListingQuery, urlEncoded: Bool = false, continuationToken: String? = nil, startAfter: String? = nil, fetchOwner: Bool = false,
                emptyPage: Bool = false, prefixSent: Bool = false) {
        self.emptyPage = emptyPage
        self.prefixSent = prefixSent
        self.query = query
        self.urlEncoded = urlEncoded
        self.continuationToken = continuationToken
        self.startAfter = startAfter
        self.fetchOwner = fetchOwner
    }
}

/// S3's listing parameters, parsed once by the router.
enum S3ListingParameters {
    /// `max-uploads`, `max-keys`: whether the client asked for none (`0`).
    static func asksForNone(_ q: QueryParameters, _ name: String) -> Bool {
        q[name].flatMap { Int($0) } == 0
    }

    /// `max-uploads`, `max-keys`, `max-parts`: default 1000, clamped to 1...1000.
    static func maxCount(_ q: QueryParameters, _ name: String) throws(StorageError) -> Int {
        try QueryParsing.count(q, name, default: 1000, max: 1000, message: "Provided \(name) not an integer or within integer range")
    }

    /// `encoding-type`: absent or `url`.
    static func urlEncoded(_ q: QueryParameters) throws(StorageError) -> Bool {
        guard let e = q["encoding-type"] else { return false }
        guard e.lowercased() == "url" else {
            throw StorageError.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: e)
        }
        return true
    }

    /// ListMultipartUploads: `prefix`, `delimiter`, `key-marker`, `upload-id-marker` (ignored
    /// without `key-marker`, as S3 does), `max-uploads`, `encoding-type`.
    static func uploads(_ q: QueryParameters) throws(StorageError) -> S3Listing {
        let keyMarker = q["key-marker"] ?? ""
        let query = ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: keyMarker,
                                 idMarker: keyMarker.isEmpty ? "" : (q["upload-id-marker"] ?? ""), limit: try maxCount(q, "max-uploads"))
        var listing = S3Listing(query: query, urlEncoded: try urlEncoded(q))
        listing.emptyPage = asksForNone(q, "max-uploads")
        listing.prefixSent = q["prefix"] != nil
        return listing
    }

    /// ListObjects (`marker`) and ListObjectVersions (`key-marker`).
    static func objects(_ q: QueryParameters, markerName: String, restoreStatus: Bool = false) throws(StorageError) -> S3Listing {
        let query = ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: q[markerName] ?? "",
                                 limit: try maxCount(q, "max-keys"))
        var listing = S3Listing(query: query, urlEncoded: try urlEncoded(q))
        listing.emptyPage = asksForNone(q, "max-keys")
        listing.restoreStatus = restoreStatus
        return listing
    }

    /// Whether `x-amz-optional-object-attributes` (boto3's `OptionalObjectAttributes`) names
    /// `RestoreStatus`, the one attribute S3 defines for it.
    static func asksForRestoreStatus(_ r: WireRequest) -> Bool {
        guard let value = r.header("x-amz-optional-object-attributes") else { return false }
        return value.split(separator: ",").contains { $0.trimmingCharacters() == "RestoreStatus" }
    }

    /// ListObjectsV2: the continuation token (base64 of the last key) wins over `start-after`.
    static func objectsV2(_ q: QueryParameters, restoreStatus: Bool = false) throws(StorageError) -> S3Listing {
        let token = q["continuation-token"], startAfter = q["start-after"]
        var marker = startAfter
        if let token {
            marker = try ContinuationToken.name(in: token)
        }
        let query = ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: marker, limit: try maxCount(q, "max-keys"))
        var listing = S3Listing(query: query, urlEncoded: try urlEncoded(q), continuationToken: token, startAfter: startAfter,
                                fetchOwner: q["fetch-owner"] == "true")
        listing.emptyPage = asksForNone(q, "max-keys")
        listing.restoreStatus = restoreStatus
        return listing
    }

    /// ListParts: `part-number-marker`, `max-parts`.
    static func parts(_ q: QueryParameters) throws(StorageError) -> PartListing {
        PartListing(marker: try QueryParsing.marker(q, "part-number-marker", message: "Provided part-number-marker not an integer or within integer range"),
                    limit: try maxCount(q, "max-parts"))
    }
}
