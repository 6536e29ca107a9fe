import TesseraCore
import TesseraHTTP

/// Shared parsing of listing parameters.
enum ListingParameters {
    /// A `max-*` parameter: default 1000, clamped to 1...1000; not a non-negative integer → InvalidArgument.
    static func maxCount(_ q: QueryParameters, _ name: String) throws(StorageError) -> Int {
        guard let raw = q[name] else { return 1000 }
        guard let n = Int(raw), n >= 0 else {
            throw StorageError.invalidArgument("Provided \(name) not an integer or within integer range", name: name, value: raw)
        }
        return min(max(n, 1), 1000)
    }

    /// `encoding-type`: absent or `url`.
    static func encoding(_ q: QueryParameters) throws(StorageError) -> ListingEncoding {
        guard let e = q["encoding-type"] else { return ListingEncoding(url: false) }
        guard e.lowercased() == "url" else {
            throw StorageError.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: e)
        }
        return ListingEncoding(url: true)
    }

    /// A non-empty delimiter, or nil.
    static func delimiter(_ q: QueryParameters) -> String? {
        q["delimiter"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
