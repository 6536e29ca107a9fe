/// An S3/BOS-style entity tag: the hex MD5 of an object's bytes, or for a multipart object the
/// MD5 of the concatenated binary part MD5s followed by `-N`.
public struct ETag: Hashable, Sendable, CustomStringConvertible {
    /// Lower-case hex digest.
    public var hex: String
    /// Number of parts for a multipart object, `nil` otherwise.
    public var partCount: Int?

    /// Creates an ETag.
    public init(hex: String, partCount: Int? = nil) {
        self.hex = hex
        self.partCount = partCount
    }

    /// Parses a stored or client-sent form: quotes optional, case-insensitive, optional `-N`.
    ///
    /// Read as bytes: the `Character` version (grapheme counting, `isHexDigit`, `lowercased()`)
    /// cost 35,000 instructions per stored ETag read (callgrind, docs/benchmarks.md).
    public init?(parsing raw: String) {
        var text = raw
        guard let parsed = text.withUTF8({ Self.parse(Slice(base: $0, bounds: $0.indices)) }) else { return nil }
        self = parsed
    }

    /// `"` as an XML entity: some clients send an ETag's quotes that way in a Complete body.
    private static let quotEntity = Array("&quot;".utf8)

    private static func parse(_ whole: Slice<UnsafeBufferPointer<UInt8>>) -> ETag? {
        let quote = UInt8(ascii: "\""), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var s = whole
        while let f = s.first, f == space || f == tab { s = s.dropFirst() }
        while let l = s.last, l == space || l == tab { s = s.dropLast() }
        if s.count >= 2, s.first == quote, s.last == quote { s = s.dropFirst().dropLast() }
        if s.starts(with: quotEntity), s.reversed().starts(with: quotEntity.reversed()) { s = s.dropFirst(6).dropLast(6) }
        var count: Int?
        if let dash = s.firstIndex(of: UInt8(ascii: "-")) {
            guard let n = Int(String(decoding: s[(dash + 1)...], as: UTF8.self)), n > 0 else { return nil }
            count = n
            s = s[..<dash]
        }
        guard s.count == 32, s.allSatisfy({ Identifiers.hexValue($0) != nil }) else { return nil }
        let hex = String(unsafeUninitializedCapacity: 32) { out in
            for (i, b) in s.enumerated() { out[i] = b >= 65 && b <= 70 ? b + 32 : b }
            return 32
        }
        return ETag(hex: hex, partCount: count)
    }

    /// The unquoted form, `hex` or `hex-N`.
    public var description: String { partCount.map { "\(hex)-\($0)" } ?? hex }
    /// The quoted form used in headers and XML.
    public var quoted: String { "\"\(description)\"" }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    public func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
