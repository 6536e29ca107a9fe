import TesseraCore
import TesseraHTTP

/// UFile's listing parameters, parsed once by the router.
enum UFileListingParameters {
    /// A page size: `default` when absent or empty, clamped to 1...1000.
    static func count(_ q: QueryParameters, _ name: String, default value: Int) throws(StorageError) -> Int {
        try QueryParsing.count(q, name, default: value, max: 1000, message: "\(name) must be a non-negative integer.")
    }

    /// PrefixFileList (`?list`): `prefix`, `marker` (resume after that key), `limit` (default 20).
    static func prefixFileList(_ q: QueryParameters) throws(StorageError) -> ListingQuery {
        ListingQuery(prefix: q["prefix"] ?? "", keyMarker: q["marker"], limit: try count(q, "limit", default: 20))
    }

    /// ListObjects (`?listobjects`): `prefix`, `marker`, `max-keys` (default 1000), `delimiter`.
    static func objects(_ q: QueryParameters) throws(StorageError) -> ListingQuery {
        ListingQuery(prefix: q["prefix"] ?? "", delimiter: QueryParsing.delimiter(q), keyMarker: q["marker"], limit: try count(q, "max-keys", default: 1000))
    }

    /// GetMultiUploadId (seed document): `prefix`, one `marker` — a plain key resumes after that
    /// key, Tessera's `key` + NUL + `uploadId` token resumes after that upload — `limit` (default
    /// 20, at most 1000); the newer page's `upload-id-marker` with a plain key `marker` resumes
    /// after that upload of that key.
    static func uploads(_ q: QueryParameters) throws(StorageError) -> ListingQuery {
        let (key, id) = ResumeMarker.split(q["marker"] ?? "")
        let idMarker = id ?? (key.isEmpty ? nil : q["upload-id-marker"])
        return ListingQuery(prefix: q["prefix"] ?? "", keyMarker: key, idMarker: idMarker ?? "", limit: try count(q, "limit", default: 20))
    }

    /// GetMultiUploadPart: `part-number-marker` (0-based: the parts after it), `max-parts` (default 1000).
    static func parts(_ q: QueryParameters) throws(StorageError) -> PartListing {
        var marker = 0
        if let m = q["part-number-marker"], !m.isEmpty {
            guard let n = Int(m), n >= 0 else { throw StorageError.invalidArgument("part-number-marker must be an integer", name: "part-number-marker", value: m) }
            // 0-based: the parts after part n are those numbered above n + 1; past the largest
            // part number there are none (and n + 1 could overflow).
            marker = min(n, PartNumber.range.upperBound) + 1
        }
        return PartListing(marker: marker, limit: try count(q, "max-parts", default: 1000))
    }
}
