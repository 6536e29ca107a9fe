import Foundation
import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport

/// What the JSON writer puts in BOS and UFile documents: strings quoted as JSON requires, fields
/// and commas in order, and documents far larger than the writer's first buffer.
@Suite struct JSONWriterTests {
    @Test func quotesWhatJSONRequires() {
        #expect(JSONWriter.quote("a\"b\\c\n\r\t\u{0}\u{1F}\u{7F}é😀/") == "\"a\\\"b\\\\c\\n\\r\\t\\u0000\\u001f\u{7F}é😀/\"")
        #expect(JSONWriter.quote("") == "\"\"")
        // Each byte that needs escaping, at every offset across the first three 16-byte blocks
        // the scan reads at once.
        for (character, written) in [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{1}", "\\u0001")] {
            for offset in 0...40 {
                let before = String(repeating: "x", count: offset), after = String(repeating: "y", count: 40 - offset)
                #expect(JSONWriter.quote(before + character + after) == "\"" + before + written + after + "\"", "\(offset)")
            }
        }
    }

    /// Literal names are written as they are, names from data are escaped, and the document
    /// reads back through Foundation's parser with every field.
    @Test func namesFromLiteralsAndFromData() throws {
        var j = JSONWriter()
        j.openObject()
        j.string("key", "v\"1")
        j.int("size", 42)
        j.openObject("tags")
        j.string(key: "a\"b\\c\n", "x")
        j.string(key: "plain", "y")
        j.closeObject()
        j.closeObject()
        #expect(j.document == #"{"key":"v\"1","size":42,"tags":{"a\"b\\c\n":"x","plain":"y"}}"#)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(j.document.utf8)) as? [String: Any])
        #expect((back["tags"] as? [String: String]) == ["a\"b\\c\n": "x", "plain": "y"])
        #expect(back["key"] as? String == "v\"1")
    }

    /// Seeded random text of plain runs and every byte that needs escaping, quoted as a plain
    /// scalar-by-scalar reference does, and read back whole by Foundation's parser.
    @Test(arguments: TestSeeds.seeds([1, 2, 3, 20_261_205]))
    func quotesAsTheReferenceDoes(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let pieces = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{1F}", "\u{7F}", "é", "😀", "a", "plain/key-", "0123456789abcdef"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let quoted = JSONWriter.quote(text)
            #expect(quoted == Self.reference(text), "\(TestSeeds.replay(seed)): \(text.unicodeScalars.map(\.value))")
            let back = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            #expect(back == [text], "\(TestSeeds.replay(seed))")
        }
    }

    /// A time written straight into the document is the bytes of its `String` form (seeded
    /// instants from year 1 to 9999 and beyond).
    @Test func timesAreWhatTheirStringsWrite() {
        var random = SeededRandom(seed: 22)
        for n in 0..<2_000 {
            let seconds = n % 10 == 0 ? Int64.random(in: 253_402_300_800...400_000_000_000, using: &random)
                                      : Int64.random(in: -62_100_000_000...253_402_300_799, using: &random)
            let t = Timestamp(microseconds: seconds * 1_000_000 + Int64.random(in: 0..<1_000_000, using: &random))
            var direct = JSONWriter()
            direct.openObject()
            direct.string("lastModified", iso8601Seconds: t)
            direct.string(nil, iso8601Seconds: t)
            direct.closeObject()
            var viaStrings = JSONWriter()
            viaStrings.openObject()
            viaStrings.string("lastModified", t.iso8601Seconds)
            viaStrings.string(nil, t.iso8601Seconds)
            viaStrings.closeObject()
            #expect(direct.document == viaStrings.document, "\(seconds)")
        }
    }

    /// Nested objects and arrays with every kind of field, several times the first buffer's size.
    @Test func writesLargeNestedDocuments() throws {
        var j = JSONWriter()
        j.openObject()
        j.string("name", "bucket")
        j.bool("isTruncated", true)
        j.null("nextMarker")
        j.openArray("uploads")
        for i in 0..<2_000 {
            j.openObject()
            j.string("key", "photos/\(i)\"quoted\"")
            j.int("size", Int64(i) * 1_000)
            j.number("ratio", 0.5)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(j.document.utf8)) as? [String: Any])
        #expect(root["name"] as? String == "bucket")
        #expect(root["isTruncated"] as? Bool == true)
        #expect(root["nextMarker"] is NSNull)
        let uploads = try #require(root["uploads"] as? [[String: Any]])
        #expect(uploads.count == 2_000)
        #expect(uploads.last?["key"] as? String == "photos/1999\"quoted\"")
        #expect(uploads.last?["size"] as? Int == 1_999_000)
        #expect(uploads.first?["ratio"] as? Double == 0.5)
    }

    /// The quoting JSON means, one scalar at a time (the writer's first implementation).
    static func reference(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
