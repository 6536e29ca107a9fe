import Foundation
import Testing
import TesseraHTTP

/// RFC 3986 percent-encoding: what stands for itself is kept (and the string returned as it is),
/// every other byte of the UTF-8 becomes `%XX` in upper-case hex, and decoding undoes it.
@Suite struct PercentEncodingTests {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    @Test func plainTextIsKeptAndEverythingElseEscaped() {
        #expect(PercentEncoding.encode("photos-2026_12.03~x") == "photos-2026_12.03~x")
        #expect(PercentEncoding.encode("a b/c+d=e&f") == "a%20b%2Fc%2Bd%3De%26f")
        #expect(PercentEncoding.encode("a b/c", keepSlash: true) == "a%20b/c")
        #expect(PercentEncoding.encode("dir/sub/", keepSlash: true) == "dir/sub/")
        #expect(PercentEncoding.encode("é中") == "%C3%A9%E4%B8%AD")
        #expect(PercentEncoding.encode("") == "")
        #expect(PercentEncoding.encode("\u{0}\u{7F}%") == "%00%7F%25")
    }

    /// Random strings of every kind of character, against Foundation's encoder with the same
    /// unreserved set, and back through the decoder.
    @Test func randomStringsEncodeAsFoundationDoesAndDecodeBack() {
        var rng = SystemRandomNumberGenerator()
        let pool: [Character] = Array("aZ09-_.~/ %+=&?#é中😀\t") + ["\u{7F}", "\u{0}"]
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! })
            let withSlash = Self.unreserved.union(CharacterSet(charactersIn: "/"))
            #expect(PercentEncoding.encode(text) == text.addingPercentEncoding(withAllowedCharacters: Self.unreserved))
            #expect(PercentEncoding.encode(text, keepSlash: true) == text.addingPercentEncoding(withAllowedCharacters: withSlash))
            #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
        }
    }
}
