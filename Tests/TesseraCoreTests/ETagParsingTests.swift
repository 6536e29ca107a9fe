import Testing
import TesseraCore

/// ETags as stored and as clients send them: quotes, `&quot;`, case, spaces, `-N`, and what is refused.
@Suite struct ETagParsingTests {
    @Test(arguments: [
        ("\"0123456789abcdef0123456789ABCDEF\"", "0123456789abcdef0123456789abcdef", nil),
        ("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", nil),
        ("  \t\"0123456789ABCDEF0123456789abcdef-12\" ", "0123456789abcdef0123456789abcdef", 12),
        ("&quot;0123456789abcdef0123456789abcdef-3&quot;", "0123456789abcdef0123456789abcdef", 3),
    ] as [(String, String, Int?)])
    func readsWhatClientsAndTheStoreWrite(text: String, hex: String, parts: Int?) {
        #expect(ETag(parsing: text) == ETag(hex: hex, partCount: parts))
    }

    @Test(arguments: ["", "\"\"", "\"", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdefa",
                      "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef-0", "0123456789abcdef0123456789abcdef--2",
                      "0123456789abcdef0123456789abcdef-", "0123456789abcdef0123456789abcdef-x", "０123456789abcdef0123456789abcdef",
                      "&quot;", "*"])
    func refusesWhatIsNotAnETag(text: String) {
        #expect(ETag(parsing: text) == nil)
    }

    /// The store's own form is read without the general parser; anything else is left to it,
    /// and both readings agree wherever the fast one answers.
    @Test(arguments: [
        ("0123456789abcdef0123456789abcdef", 0 as Int?),
        ("0123456789abcdef0123456789abcdef-1", 1), ("0123456789abcdef0123456789abcdef-10000", 10_000),
        ("0123456789abcdef0123456789ABCDEF", nil), ("\"0123456789abcdef0123456789abcdef\"", nil),
        ("0123456789abcdef0123456789abcdef-0", nil), ("0123456789abcdef0123456789abcdef-", nil),
        ("0123456789abcdef0123456789abcdef-1x", nil), ("0123456789abcdef0123456789abcdef-1234567", nil),
        ("0123456789abcdef0123456789abcdefa", nil), ("0123456789abcdef0123456789abcde", nil), ("", nil),
    ] as [(String, Int?)])
    func readsTheStoredFormAlone(text: String, parts: Int?) {
        let stored = ETag(stored: text)
        #expect((stored != nil) == (parts != nil))
        if let stored {
            #expect(stored == ETag(parsing: text))
            #expect(stored.partCount == (parts == 0 ? nil : parts))
            #expect(stored.description == text)
            #expect(stored.quoted == "\"" + text + "\"")
        }
        #expect(StoredText.etag(text) == ETag(parsing: text) ?? ETag(hex: text))
    }

    /// Every byte value at every one of the 32 digits' places: the stored form is read only
    /// when that byte is a lower-case hex digit.
    @Test func everyByteAtEveryDigit() {
        let valid = Array("0123456789abcdef0123456789abcdef".utf8)
        let lowerHex = Set("0123456789abcdef".utf8)
        for place in 0..<32 {
            for byte in UInt8.min...UInt8.max {
                var bytes = valid
                bytes[place] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                let read = ETag(stored: text)
                #expect((read != nil) == lowerHex.contains(byte), "byte \(byte) at \(place)")
                if let read { #expect(read.hex == text) }
            }
        }
    }

    @Test func hexOfEveryByte() {
        let bytes = (0...255).map { UInt8($0) }
        let hex = Identifiers.hex(bytes)
        #expect(hex.utf8.count == 512)
        #expect(hex.hasPrefix("000102") && hex.hasSuffix("fdfeff"))
        #expect(Identifiers.hex(bytes.lazy.map { $0 }) == hex)  // a sequence without contiguous storage
        #expect(Identifiers.hex([UInt8]()) == "")
    }
}
