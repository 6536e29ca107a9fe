import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport
@testable import DialectS3

/// SigV4's canonical query: a query with nothing to decode or encode is sorted and joined as byte
/// ranges of the raw query; every query still canonicalises as the decode-and-encode of each pair
/// did before that shortcut.
@Suite struct CanonicalQueryTests {
    /// The canonical query as it was built before the byte-range shortcut: the reference.
    static func reference(_ rawQuery: String, excluding excluded: Set<String> = []) -> String {
        var pairs: [(String, String)] = []
        for item in rawQuery.splitASCII(UInt8(ascii: "&")) {
            let name: Substring, value: Substring
            if let eq = item.utf8.firstIndex(of: UInt8(ascii: "=")) { name = item[..<eq]; value = item[eq...].dropFirst() } else { name = item; value = "" }
            let n = PercentEncoding.decode(String(name)) ?? String(name)
            if excluded.contains(n) { continue }
            let v = PercentEncoding.decode(String(value)) ?? String(value)
            pairs.append((PercentEncoding.encode(n), PercentEncoding.encode(v)))
        }
        pairs.sort { a, b in a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    @Test func theQueriesOfRealRequests() {
        #expect(SigV4.canonicalQuery(rawQuery: "") == "")
        #expect(SigV4.canonicalQuery(rawQuery: "uploads") == "uploads=")
        #expect(SigV4.canonicalQuery(rawQuery: "uploadId=2~Ab_c-d.e&partNumber=12") == "partNumber=12&uploadId=2~Ab_c-d.e")
        #expect(SigV4.canonicalQuery(rawQuery: "list-type=2&prefix=a%2Fb&delimiter=%2F") == "delimiter=%2F&list-type=2&prefix=a%2Fb")
        #expect(SigV4.canonicalQuery(rawQuery: "b=2&a=&a=1&&c") == "a=&a=1&b=2&c=")
        #expect(SigV4.canonicalQuery(rawQuery: "k=v=w") == "k=v%3Dw")
        #expect(SigV4.canonicalQuery(rawQuery: "&&") == "")
        let presigned = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc&X-Amz-Expires=86400"
        #expect(SigV4.canonicalQuery(rawQuery: presigned, excluding: ["X-Amz-Signature"]) == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400")
        #expect(SigV4.canonicalQuery(rawQuery: "X-Amz-Signature=abc", excluding: ["X-Amz-Signature"]) == "")
    }

    /// Random queries, most of them plain (the shortcut) and some with escapes, spaces, `+`,
    /// malformed escapes and non-ASCII text (decoded and encoded), with and without an excluded
    /// name, canonicalise as the reference does.
    @Test func randomQueriesCanonicaliseAsBefore() {
        var rng = SeededRandom(seed: 0x5349_4756_3451)
        let plain = ["a", "b", "Z", "0", "9", "-", "_", ".", "~", "uploadId", "partNumber", "X-Amz-Signature"]
        let other = ["%2F", "%3d", "%", "%zz", "+", " ", "/", "é", "中", "=", "*"]
        for round in 0..<3_000 {
            let pool = round % 3 == 0 ? plain + other : plain + ["&", "&", "=", "="]
            let raw = (0..<Int.random(in: 0...16, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined()
            let excluded: Set<String> = round % 4 == 0 ? ["X-Amz-Signature", "a"] : []
            #expect(SigV4.canonicalQuery(rawQuery: raw, excluding: excluded) == Self.reference(raw, excluding: excluded), "seed \(rng.seed): \(raw)")
        }
    }
}
