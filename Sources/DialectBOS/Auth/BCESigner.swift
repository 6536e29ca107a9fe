import Crypto
import TesseraCore
import TesseraHTTP

/// `bce-auth-v1`, the pure parts (protocols/bos.md §3).
public enum BCESigner {
    /// The headers signed when the authorization names none.
    static func isDefaultSigned(_ name: String) -> Bool {
        name == "host" || name == "content-length" || name == "content-type" || name == "content-md5" || name.hasPrefix("x-bce-")
    }

    /// Percent-encoding that keeps only `A-Z a-z 0-9 . ~ - _` (and `/` in paths).
    static func encode(_ s: String, keepSlash: Bool = false) -> String { PercentEncoding.encode(s, keepSlash: keepSlash) }

    /// The canonical URI: the path decoded and re-encoded, `/` kept.
    public static func canonicalURI(rawPath: String) -> String {
        encode(PercentEncoding.decode(rawPath) ?? rawPath, keepSlash: true)
    }

    /// The canonical query: `encode(k)=encode(v)` for every parameter but `authorization`, sorted.
    public static func canonicalQuery(rawQuery: String) -> String {
        var items: [String] = []
        for item in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring, value: Substring
            if let eq = item.firstIndex(of: "=") { name = item[..<eq]; value = item[eq...].dropFirst() } else { name = item; value = "" }
            let n = PercentEncoding.decode(String(name)) ?? String(name)
            if n.lowercased() == "authorization" { continue }
            let v = PercentEncoding.decode(String(value)) ?? String(value)
            items.append("\(encode(n))=\(encode(v))")
        }
        return items.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: "&")
    }

    /// The canonical headers block from (lower-case name, value) pairs already chosen for signing.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> String {
        headers.compactMap { h -> String? in
            let v = h.value.trimmingSpaces()
            return v.isEmpty ? nil : "\(encode(h.name.lowercased())):\(encode(v))"
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: "\n")
    }

    /// `hex(HMAC-SHA256(secret, "bce-auth-v1/ak/timestamp/expiration"))`.
    public static func signingKey(secret: String, authStringPrefix: String) -> String {
        Identifiers.hex(HMAC<SHA256>.authenticationCode(for: Array(authStringPrefix.utf8), using: SymmetricKey(data: Array(secret.utf8))))
    }

    /// `hex(HMAC-SHA256(signingKey as ASCII, canonicalRequest))`.
    public static func signature(signingKey: String, canonicalRequest: String) -> String {
        Identifiers.hex(HMAC<SHA256>.authenticationCode(for: Array(canonicalRequest.utf8), using: SymmetricKey(data: Array(signingKey.utf8))))
    }

    /// `METHOD\nURI\nQUERY\nHEADERS`.
    public static func canonicalRequest(method: String, uri: String, query: String, headers: String) -> String {
        "\(method)\n\(uri)\n\(query)\n\(headers)"
    }
}
