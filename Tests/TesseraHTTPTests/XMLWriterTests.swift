import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport

/// What the writer puts in documents: escaped markup, and never a character XML 1.0 forbids.
@Suite struct XMLWriterTests {
    @Test func neverWritesWhatXMLForbids() throws {
        let escaped = XMLWriter.escape("a&<>\"'\t\n\r\u{0}\u{1}\u{1F}\u{FFFE}\u{FFFF}é😀")
        #expect(escaped == "a&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}é😀")
        // And the reader takes back every document the writer makes.
        var x = XMLWriter()
        x.element("Key", "bad\u{0}key\u{7}\u{FFFF} & <tag>\t")
        let root = try XMLReader.parse(Array(x.document.utf8))
        #expect(root.text == "bad\u{FFFD}key\u{FFFD}\u{FFFD} & <tag>\t")
    }

    /// Each character the writer changes is found wherever it stands in otherwise plain text
    /// (the writer copies the runs of text between such bytes whole), and characters
    /// that only share a first byte with U+FFFE and U+FFFF pass unchanged.
    @Test func everyChangedCharacterIsFoundAnywhere() {
        var changed: [(String, String)] = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&apos;"),
                                           ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\u{FFFE}", "\u{FFFD}"), ("\u{FFFF}", "\u{FFFD}")]
        for c in 0..<0x20 where ![0x09, 0x0A, 0x0D].contains(c) { changed.append((String(UnicodeScalar(UInt8(c))), "\u{FFFD}")) }
        for (character, written) in changed {
            for (before, after) in [("", ""), ("plain-text-", ""), ("", "-plain-text"), ("a-long-plain-key/with/parts", "é😀")] {
                #expect(XMLWriter.escape(before + character + after) == before + written + after, "\(character.unicodeScalars.map(\.value))")
            }
        }
        for kept in ["\u{FEFF}", "\u{F000}", "\u{FFFD}", "\u{FFEE}", "é😀", "\u{7F}"] {
            #expect(XMLWriter.escape("k" + kept + "k") == "k" + kept + "k")
        }
        // At every offset across the first three 16-byte blocks the scan reads at once.
        for (character, written) in changed {
            for offset in 0...40 {
                let before = String(repeating: "x", count: offset), after = String(repeating: "y", count: 40 - offset)
                #expect(XMLWriter.escape(before + character + after) == before + written + after, "\(offset)")
            }
        }
    }

    /// A time and a quoted text written straight into the document are the bytes their
    /// `String` forms write (seeded instants from year 1 to 9999 and beyond, text with markup).
    @Test func timesAndQuotedTextAreWhatTheirStringsWrite() {
        var random = SeededRandom(seed: 21)
        let pieces = ["\"", "&", "<", "0123456789abcdef", "-12", "é", "\u{1}", ""]
        for n in 0..<2_000 {
            let seconds = n % 10 == 0 ? Int64.random(in: 253_402_300_800...400_000_000_000, using: &random)
                                      : Int64.random(in: -62_100_000_000...253_402_300_799, using: &random)
            let t = Timestamp(microseconds: seconds * 1_000_000 + Int64.random(in: 0..<1_000_000, using: &random))
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            var direct = XMLWriter()
            direct.element("LastModified", iso8601: t)
            direct.element("ETag", quoting: text)
            var viaStrings = XMLWriter()
            viaStrings.element("LastModified", t.iso8601)
            viaStrings.element("ETag", "\"" + text + "\"")
            #expect(direct.document == viaStrings.document, "\(seconds) \(text.unicodeScalars.map(\.value))")
        }
    }

    /// A document several times the writer's first buffer, read back whole.
    @Test func writesLargeDocuments() throws {
        var x = XMLWriter()
        x.open("ListBucketResult", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/")
        for i in 0..<2_000 {
            x.element("Contents") { c in
                c.element("Key", "photos/\(i) & \"more\"")
                c.element(named: "Checksum" + "CRC32", "AAAAAA==")
                c.element("ChecksumType", literal: "FULL_OBJECT")
            }
        }
        x.close("ListBucketResult")
        let root = try XMLReader.parse(Array(x.document.utf8))
        let contents = root.children("Contents")
        #expect(contents.count == 2_000)
        #expect(contents.last?.child("Key")?.text == "photos/1999 & \"more\"")
        #expect(contents.first?.child("ChecksumCRC32")?.text == "AAAAAA==")
        #expect(contents.first?.child("ChecksumType")?.text == "FULL_OBJECT")
    }

    /// Seeded random text mixing plain runs, every byte the writer changes and characters that
    /// share U+FFFE's first byte, escaped as a plain character-by-character reference does.
    @Test(arguments: TestSeeds.seeds([1, 2, 3, 20_261_205]))
    func escapesAsTheReferenceDoes(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let pieces = ["&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{FEFF}",
                      "\u{FFFD}", "é", "😀", "a", "plain/key-", "0123456789abcdef"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(XMLWriter.escape(text) == Self.reference(text), "\(TestSeeds.replay(seed)): \(text.unicodeScalars.map(\.value))")
        }
    }

    /// What the writer's escaping means, one scalar at a time.
    static func reference(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&apos;"
            case 0x09: out += "&#9;"
            case 0x0A: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0..<0x20, 0xFFFE, 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
