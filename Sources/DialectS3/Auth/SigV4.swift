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

    /// A header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed.
    public static func canonicalHeaderValue(_ value: String) -> String {
        // Most values have nothing to trim or collapse.
        var previous: UInt8 = 0
        let plain = value.allBytes { b in
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
    public static func canonicalRequest(method: String, canonicalURI: String, canonicalQuery: String,
                                        headers: [(name: String, value: String)], signedHeaders: String, payloadHash: String) -> String {
        String(decoding: canonicalRequestBytes(method: method, canonicalURI: canonicalURI, canonicalQuery: canonicalQuery,
                                               headers: headers, signedHeaders: signedHeaders, payloadHash: payloadHash), as: UTF8.self)
    }

    /// The canonical request's UTF-8, appended into one array of the right capacity: the bytes
    /// are what gets hashed, and a string is made of them only to show a mismatch. (Appending
    /// into a `String` cost 9,600 instructions a request, 350 an append; callgrind.)
    public static func canonicalRequestBytes(method: String, canonicalURI: String, canonicalQuery: String,
                                             headers: [(name: String, value: String)], signedHeaders: String, payloadHash: String) -> [UInt8] {
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(method.utf8.count + canonicalURI.utf8.count + canonicalQuery.utf8.count + signedHeaders.utf8.count
                            + payloadHash.utf8.count + headers.reduce(8) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        out.append(contentsOf: method.utf8)
        out.append(newline)
        out.append(contentsOf: canonicalURI.utf8)
        out.append(newline)
        out.append(contentsOf: canonicalQuery.utf8)
        out.append(newline)
        for header in headers {
            out.append(contentsOf: header.name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: canonicalHeaderValue(header.value).utf8)
            out.append(newline)
        }
        out.append(newline)
        out.append(contentsOf: signedHeaders.utf8)
        out.append(newline)
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// The string to sign for a canonical request.
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        String(decoding: stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: Array(canonicalRequest.utf8)), as: UTF8.self)
    }

    /// The string to sign's UTF-8 for a canonical request's: the algorithm, the date, the scope
    /// and the request's SHA-256 in lower-case hex, a line each.
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: [UInt8]) -> [UInt8] {
        let digest = canonicalRequest.withUnsafeBytes { SHA256.hash(data: $0) }
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(algorithm.utf8.count + amzDate.utf8.count + scope.utf8.count + 2 * SHA256.byteCount + 3)
        out.append(contentsOf: algorithm.utf8)
        out.append(newline)
        out.append(contentsOf: amzDate.utf8)
        out.append(newline)
        out.append(contentsOf: scope.utf8)
        out.append(newline)
        digest.withUnsafeBytes { bytes in
            for b in bytes {
                out.append(Identifiers.hexDigit(b >> 4))
                out.append(Identifiers.hexDigit(b & 0xF))
            }
        }
        return out
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

    /// The hex signature of the string to sign's UTF-8 with an HMAC already keyed with the
    /// signing key.
    public static func signature(mac: HMAC<SHA256>, stringToSign: [UInt8]) -> String {
        var mac = mac
        stringToSign.withUnsafeBytes { mac.update(data: $0) }
        return Identifiers.hex(digest: mac.finalize())
    }

    /// The hex signature of `stringToSign`.
    public static func signature(key: SymmetricKey, stringToSign: String) -> String {
        Identifiers.hex(digest: HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }
}
