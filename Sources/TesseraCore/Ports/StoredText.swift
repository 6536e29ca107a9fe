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
    /// Cut on bytes: with `Character`s this was 19,500 instructions of every object read (callgrind).
    public static func checksums(_ text: String) -> [Checksum] {
        guard !text.isEmpty else { return [] }
        return text.splitASCII(UInt8(ascii: " ")).compactMap { item in
            guard let eq = item.utf8.firstIndex(of: UInt8(ascii: "=")),
                  let a = ChecksumAlgorithm(rawValue: String(item[..<eq])) else { return nil }
            return Checksum(algorithm: a, base64: String(item[item.utf8.index(after: eq)...]))
        }
    }

    /// Attributes from their stored JSON (``AttributesCodec``'s fast reader, else Foundation's).
    public static func attributes(_ text: String) throws -> ObjectAttributes {
        try AttributesCodec.decode(text) ?? decode(ObjectAttributes.self, text)
    }

    /// An ETag as stored (quoted or bare hex).
    public static func etag(_ text: String) -> ETag { ETag(parsing: text) ?? ETag(hex: text) }
}
