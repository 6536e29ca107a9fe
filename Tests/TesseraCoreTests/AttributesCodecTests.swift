import Foundation
import Testing
import TesseraTestSupport
import TesseraCore


/// The attributes codec agrees with Foundation's JSON coders both ways, for any text.
@Suite struct AttributesCodecTests {
    /// Strings mixing ASCII, JSON-special characters, controls, non-ASCII and astral scalars.
    static func text(_ rng: inout some RandomNumberGenerator) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
                                      "é", "ü", "✓", "中", "\u{FEFF}", "😀", "𝄞", "{", "}", "[", "]", ":", ","]
        let n = Int.random(in: 0...12, using: &rng)
        var s = String.UnicodeScalarView()
        for _ in 0..<n { s.append(pool.randomElement(using: &rng)!) }
        return String(s)
    }

    static func attributes(_ rng: inout some RandomNumberGenerator) -> ObjectAttributes {
        func maybe() -> String? { Bool.random(using: &rng) ? text(&rng) : nil }
        return ObjectAttributes(
            contentType: maybe(), cacheControl: maybe(), contentDisposition: maybe(), contentEncoding: maybe(),
            contentLanguage: maybe(), expires: maybe(),
            userMetadata: (0..<Int.random(in: 0...3, using: &rng)).map { _ in MetadataEntry(name: text(&rng), value: text(&rng)) },
            storageClass: Bool.random(using: &rng) ? "STANDARD" : text(&rng),
            tags: (0..<Int.random(in: 0...3, using: &rng)).map { _ in ObjectTag(key: text(&rng), value: text(&rng)) },
            websiteRedirectLocation: Int.random(in: 0..<8, using: &rng) == 0 ? "/" + text(&rng) : nil)
    }

    @Test func agreesWithFoundationBothWays() throws {
        var rng = SystemRandomNumberGenerator()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for _ in 0..<3_000 {
            let a = Self.attributes(&rng)
            let ours = AttributesCodec.encode(a)
            #expect(try JSONDecoder().decode(ObjectAttributes.self, from: Data(ours.utf8)) == a, "\(ours)")
            let theirs = String(decoding: try encoder.encode(a), as: UTF8.self)
            // A website redirect is rare: Foundation's coder writes it and the fast reader declines
            // it, for the store's reading (`StoredText.attributes`) to fall back.
            let fast: ObjectAttributes? = a.websiteRedirectLocation == nil ? a : nil
            #expect(AttributesCodec.decode(ours) == fast, "\(ours)")
            #expect(AttributesCodec.decode(theirs) == fast, "\(theirs)")
            #expect(try StoredText.attributes(ours) == a && StoredText.attributes(theirs) == a, "\(ours)")
        }
    }

    @Test func declinesWhatItDoesNotKnow() {
        for text in ["", "{}", "[]", "{\"storageClass\":\"STANDARD\",\"userMetadata\":[],\"color\":\"red\"}",
                     "{\"storageClass\":\"STANDARD\",\"userMetadata\":[]} ", "{\"userMetadata\":[]}",
                     "{\"storageClass\":\"S\\x\",\"userMetadata\":[]}", "{\"storageClass\":\"S\\ud800\",\"userMetadata\":[]}",
                     "{\"storageClass\":1,\"userMetadata\":[]}", "{\"storageClass\":\"S\",\"userMetadata\":[{\"name\":\"n\"}]}",
                     "{\"storageClass\":\"S\",\"tags\":[],\"userMetadata\":[]}",
                     "{\"storageClass\":\"S\",\"tags\":[{\"name\":\"n\",\"value\":\"v\"}],\"userMetadata\":[]}"] {
            #expect(AttributesCodec.decode(text) == nil, "\(text)")
        }
    }
}

/// The attributes stay within the 128 bytes glibc's `memcpy` copies in its shortest path (the
/// ACL and tags behind one reference): 136 bytes cost a 1,000-upload listing page +1.2 % of its
/// instructions (docs/benchmarks.md, the twenty-eighth pass).
@Suite struct AttributesLayoutTests {
    @Test func attributesFitIn128Bytes() {
        #expect(MemoryLayout<ObjectAttributes>.size <= 128)
        var a = ObjectAttributes(acl: AccessControlList(grants: [Grant(.allUsers, .read)]), tags: [ObjectTag(key: "k", value: "v")])
        let copy = a
        a.tags = nil
        #expect(copy.tags == [ObjectTag(key: "k", value: "v")] && a.tags == nil && a.acl == copy.acl)
        a.acl = nil
        #expect(a == ObjectAttributes() && a.hashValue == ObjectAttributes().hashValue)
        a.tags = []
        #expect(a.tags == nil)
    }
}
