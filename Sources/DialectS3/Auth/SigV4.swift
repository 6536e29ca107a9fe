public import Crypto
import TesseraCore
import TesseraHTTP

/// AWS Signature Version 4, the pure parts: canonical request, string to sign, signing key and
/// signature. Used by the verifier and by anything that needs to sign (tests, the benchmark).
public enum SigV4 {
    /// The algorithm name.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The canonical URI: the path decoded and re-encoded with RFC 3986 (keeping `/`), no
    /// dot-segment normalisation (S3's flavour).
    public static func canonicalURI(rawPath: String) -> String {
        guard let decoded = PercentEncoding.decode(rawPath) else { return rawPath }
        return PercentEncoding.encode(decoded, keepSlash: true)
    }

    /// The canonical query string: every pair URI-encoded (flags as `k=`), sorted by name then value.
    public static func canonicalQuery(rawQuery: String, excluding excluded: Set<String> = []) -> String {
        var pairs: [(String, String)] = []
        for item in rawQuery.splitASCII(UInt8(ascii: "&")) {
            let name: Substring, value: Substring
            if let eq = item.utf8.firstIndex(of: UInt8(ascii: "=")) { name = item[..<eq]; value = item[eq...].dropFirst() } else { name = item; value = "" }
            let n = PercentEncoding.decode(String(name)) ?? String(name)
            if !excluded.isEmpty, excluded.contains(n) { continue }  // hashing the name for an empty set: 600 instructions
            let v = PercentEncoding.decode(String(value)) ?? String(value)
            pairs.append((PercentEncoding.encode(n), PercentEncoding.encode(v)))
        }
        pairs.sort { a, b in a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// A header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed.
    public static func canonicalHeaderValue(_ value: String) -> String {
        // Most values have nothing to trim or collapse.
        var previous: UInt8 = 0
        let plain = value.utf8.allSatisfy { b in
            defer { previous = b }
            return b != UInt8(ascii: "\t") && !(b == UInt8(ascii: " ") && previous == UInt8(ascii: " "))
        }
        if plain, value.utf8.first != UInt8(ascii: " "), value.utf8.last != UInt8(ascii: " ") { return value }
        var out = ""
        var lastWasSpace = false
        for c in value.trimmingSpaces() {
            if c == " " || c == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(c)
                lastWasSpace = false
            }
        }
        return out
    }

    /// The six-line canonical request.
    ///
    /// Appended into one string of the right capacity (the `map`/`joined` version spent ~10,000
    /// instructions a request on intermediate strings and generic lazy sequences; callgrind).
    public static func canonicalRequest(method: String, canonicalURI: String, canonicalQuery: String,
                                        headers: [(name: String, value: String)], signedHeaders: String, payloadHash: String) -> String {
        var out = ""
        out.reserveCapacity(method.utf8.count + canonicalURI.utf8.count + canonicalQuery.utf8.count + signedHeaders.utf8.count
                            + payloadHash.utf8.count + headers.reduce(8) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        out += method
        out += "\n"
        out += canonicalURI
        out += "\n"
        out += canonicalQuery
        out += "\n"
        for header in headers {
            out += header.name
            out += ":"
            out += canonicalHeaderValue(header.value)
            out += "\n"
        }
        out += "\n"
        out += signedHeaders
        out += "\n"
        out += payloadHash
        return out
    }

    /// The string to sign for a canonical request.
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        var text = canonicalRequest
        let hash = text.withUTF8 { Identifiers.hex(digest: SHA256.hash(data: UnsafeRawBufferPointer($0))) }
        return "\(algorithm)\n\(amzDate)\n\(scope)\n\(hash)"
    }

    /// The signing key for a secret, date (`yyyymmdd`), region and service.
    public static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
        }
        var k = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] { k = hmac(k, part) }
        return k
    }

    /// The hex signature of `stringToSign` with an HMAC already keyed with the signing key.
    public static func signature(mac: HMAC<SHA256>, stringToSign: String) -> String {
        var mac = mac
        var text = stringToSign
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Identifiers.hex(digest: mac.finalize())
    }

    /// The hex signature of `stringToSign`.
    public static func signature(key: SymmetricKey, stringToSign: String) -> String {
        Identifiers.hex(digest: HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }
}
