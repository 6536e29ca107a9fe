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
    public init?(parsing raw: String) {
        var s = Substring(raw.trimmingSpaces())
        if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { s = s.dropFirst().dropLast() }
        if s.hasPrefix("&quot;"), s.hasSuffix("&quot;") { s = s.dropFirst(6).dropLast(6) }
        var count: Int?
        if let dash = s.firstIndex(of: "-") {
            guard let n = Int(s[s.index(after: dash)...]), n > 0 else { return nil }
            count = n
            s = s[..<dash]
        }
        guard s.count == 32, s.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.init(hex: s.lowercased(), partCount: count)
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
