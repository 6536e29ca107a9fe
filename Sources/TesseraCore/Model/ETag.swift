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

    /// Reads the form ``description`` stores, 32 lower-case hex digits and for a multipart
    /// object `-N`, keeping a single-part ETag's text rather than copying it; `nil` for any other
    /// form (``init(parsing:)`` reads those). Every listed object's ETag is read this way:
    /// 1,490 instructions through ``init(parsing:)`` (callgrind, docs/benchmarks.md, the
    /// twentieth pass).
    public init?(stored text: String) {
        var text = text
        let count: Int?? = text.withUTF8 { b in
            guard b.count >= 32, Self.isLowerHex(UnsafeBufferPointer(rebasing: b[..<32])) else { return nil }
            guard b.count > 32 else { return .some(nil) }
            guard b[32] == UInt8(ascii: "-"), (34...39).contains(b.count) else { return nil }
            var n = 0
            for d in b[33...] {
                guard d >= 48 && d <= 57 else { return nil }
                n = n * 10 + Int(d - 48)
            }
            return n > 0 ? .some(n) : nil
        }
        guard let count else { return nil }
        self.init(hex: count == nil ? text : String(text.utf8.prefix(32))!, partCount: count)
    }

    /// Whether every byte is a lower-case hex digit, tested without a branch a byte: 45
    /// instructions a listed object's ETag, where an `allSatisfy` of two ranges took 354
    /// (callgrind, docs/benchmarks.md, "The thirty-third pass").
    private static func isLowerHex(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var invalid: UInt8 = 0
        for d in bytes {
            let digit: UInt8 = d &- 48 < 10 ? 1 : 0
            let letter: UInt8 = d &- 97 < 6 ? 1 : 0
            invalid |= 1 &- (digit | letter)
        }
        return invalid == 0
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
    public var quoted: String {
        // Appended rather than interpolated: listing pages quote one an object.
        var s = "\""
        s.reserveCapacity(hex.utf8.count + 8)
        s += hex
        if let partCount { s += "-" + String(partCount) }
        s += "\""
        return s
    }
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
