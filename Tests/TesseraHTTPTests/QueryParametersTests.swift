import Testing
import TesseraHTTP
import TesseraTestSupport

/// A query string parses into the pairs the `Character`-based parse gave (split on `&`, then at
/// the first `=`, each side percent-decoded with `+` as a space), now by bytes.
@Suite struct QueryParametersTests {
    /// The parse as it was before it split on bytes: the reference.
    static func reference(_ raw: String) -> [(name: String, value: String?)] {
        raw.split(separator: "&", omittingEmptySubsequences: true).map { item in
            if let eq = item.firstIndex(of: "=") {
                let n = String(item[..<eq]), v = String(item[eq...].dropFirst())
                return (PercentEncoding.decode(n, plusAsSpace: true) ?? n, PercentEncoding.decode(v, plusAsSpace: true) ?? v)
            }
            let n = String(item)
            return (PercentEncoding.decode(n, plusAsSpace: true) ?? n, nil)
        }
    }

    static func same(_ a: [(name: String, value: String?)], _ b: [(name: String, value: String?)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    @Test func theQueriesOfRealRequests() {
        let upload = QueryParameters(raw: "partNumber=2&uploadId=9c1f0e6b3a2d4e5f8a7b6c5d4e3f2a1b")
        #expect(upload["partNumber"] == "2")
        #expect(upload["uploadId"] == "9c1f0e6b3a2d4e5f8a7b6c5d4e3f2a1b")
        #expect(QueryParameters(raw: "uploads").pairs.map(\.name) == ["uploads"])
        #expect(QueryParameters(raw: "uploads").pairs.map(\.value) == [nil])
        let list = QueryParameters(raw: "list-type=2&prefix=a%2Fb+c&delimiter=%2F&encoding-type=url&x=")
        #expect(list["prefix"] == "a/b c")
        #expect(list["delimiter"] == "/")
        #expect(list["x"] == "")
        #expect(QueryParameters(raw: "a==b&&c")["a"] == "=b")
        #expect(QueryParameters(raw: "").pairs.isEmpty)
    }

    /// Random queries of names, values, separators, escapes and non-ASCII text parse as the
    /// reference parses them.
    @Test func randomQueriesParseAsTheCharacterParseDid() {
        var rng = SeededRandom(seed: 0x5155_4552_5921)
        let pool: [String] = ["a", "Z", "0", "-", "&", "&", "=", "=", "%2F", "%26", "%3D", "%", "%zz", "+", " ", "é", "中", "😀", "🇫🇷", "e\u{301}"]
        for _ in 0..<3_000 {
            let raw = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined()
            #expect(Self.same(QueryParameters(raw: raw).pairs, Self.reference(raw)), "seed \(rng.seed): \(raw)")
        }
    }

    /// A combining mark right after `&` or `=` made one `Character` with it, so the old parse did
    /// not split there; a query is bytes (RFC 3986, and SigV4's canonical query), and now splits.
    @Test func aCombiningMarkAfterASeparatorNoLongerHidesIt() {
        let parsed = QueryParameters(raw: "a=1&\u{301}b=2")
        #expect(parsed.pairs.map(\.name) == ["a", "\u{301}b"])
        #expect(QueryParameters(raw: "k=\u{301}v")["k"] == "\u{301}v")
    }
}
