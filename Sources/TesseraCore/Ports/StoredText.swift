public import Foundation

/// The text forms in which metadata stores keep manifests, checksums, attributes and other
/// small records, shared by every database-backed store so that the same rows read back the same
/// whichever store wrote them (and `tessera migrate` copies them as they are).
public enum StoredText {
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// `value` as JSON with sorted keys.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A value from its JSON.
    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// `blob:size[:ALG=base64],…` — compact and fast for manifests of up to 10,000 parts (base64
    /// holds neither `:` nor `,`).
    public static func manifestText(_ manifest: [Segment]) -> String {
        manifest.map { s in
            s.checksum.map { "\(s.blob.value):\(s.size):\($0.algorithm.rawValue)=\($0.base64)" } ?? "\(s.blob.value):\(s.size)"
        }.joined(separator: ",")
    }

    /// The segments of ``manifestText(_:)``'s text.
    public static func manifest(_ text: String) -> [Segment] {
        guard !text.isEmpty else { return [] }
        return text.splitASCII(UInt8(ascii: ",")).map { item in
            let pieces = item.splitASCII(UInt8(ascii: ":"))
            return Segment(blob: BlobID(String(pieces[0])), size: Int64(pieces[1]) ?? 0,
                           checksum: pieces.count > 2 ? checksums(String(pieces[2])).first : nil)
        }
    }

    /// `ALG=base64 ALG=base64`.
    public static func checksumsText(_ checksums: [Checksum]) -> String {
        checksums.map { "\($0.algorithm.rawValue)=\($0.base64)" }.joined(separator: " ")
    }

    /// The checksums of ``checksumsText(_:)``'s text (unknown algorithms left out).
    ///
    /// Cut on bytes: with `Character`s this was 19,500 instructions of every object read
    /// (callgrind). The algorithm is matched on its bytes, not through a `String` made for
    /// `init(rawValue:)`, and the pieces are not gathered in an array first: 3,300 instructions of
    /// every listed object before (docs/benchmarks.md, the eighteenth pass).
    public static func checksums(_ text: String) -> [Checksum] {
        guard !text.isEmpty else { return [] }
        var text = text
        return text.withUTF8 { bytes in
            var found: [Checksum] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
                let item = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let eq = item.firstIndex(of: UInt8(ascii: "=")),
                   let a = ChecksumAlgorithm(name: UnsafeBufferPointer(rebasing: item[..<eq])) {
                    found.append(Checksum(algorithm: a, base64: String(decoding: item[(eq + 1)...], as: UTF8.self)))
                }
                start = end + 1
            }
            return found
        }
    }

    /// Attributes from their stored JSON (``AttributesCodec``'s fast reader, else Foundation's).
    public static func attributes(_ text: String) throws -> ObjectAttributes {
        try AttributesCodec.decode(text) ?? decode(ObjectAttributes.self, text)
    }

    /// An ETag as stored (quoted or bare hex).
    public static func etag(_ text: String) -> ETag { ETag(stored: text) ?? ETag(parsing: text) ?? ETag(hex: text) }
}
