import TesseraHTTP

/// `encoding-type=url`: keys and prefixes are percent-encoded (`/` kept; `+` and space encoded,
/// since botocore decodes with `unquote_plus`).
struct ListingEncoding {
    let url: Bool
    func apply(_ s: String) -> String { url ? PercentEncoding.encode(s, keepSlash: true) : s }
}
