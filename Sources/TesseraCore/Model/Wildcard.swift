/// IAM's wildcards: `*` any run of characters (none too), `?` exactly one.
public enum Wildcard {
    /// Whether `text` matches `pattern`, byte for byte but for the wildcards (a `?` takes one
    /// byte of UTF-8: names are ASCII, keys seldom otherwise).
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        WildcardPattern(wild: pattern).matches(text)
    }
}

/// A pattern whose policy variables are resolved: the bytes a variable gave (its value, or the
/// character `${*}`, `${?}` and `${$}` stand for) match only themselves, so `${*}` names a key
/// with a star in it, and a value with one does not widen the pattern.
public struct WildcardPattern: Sendable, Equatable {
    /// The pattern's UTF-8.
    var bytes: [UInt8]
    /// For each byte, whether it is literal (came from a variable); empty when none is.
    var literal: [Bool]

    /// A pattern whose every `*` and `?` is a wildcard.
    public init(wild text: String) {
        bytes = Array(text.utf8)
        literal = []
    }

    /// An empty pattern, to be built with ``append(wild:)`` and ``append(literal:)``.
    init() {
        bytes = []
        literal = []
    }

    /// Appends text whose `*` and `?` are wildcards.
    mutating func append(wild text: Substring) {
        let added = Array(text.utf8)
        if !literal.isEmpty { literal += repeatElement(false, count: added.count) }
        bytes += added
    }

    /// Appends text that matches only itself.
    mutating func append(literal text: Substring) {
        let added = Array(text.utf8)
        if literal.isEmpty { literal = Array(repeating: false, count: bytes.count) }
        literal += repeatElement(true, count: added.count)
        bytes += added
    }

    /// The text, as equality (`StringEquals`) compares it.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether it is `*` alone, naming everything.
    var isAnyRun: Bool { bytes.count == 1 && bytes[0] == UInt8(ascii: "*") && literal.first != true }

    /// The parts before and after its first `/`, or `nil` without one.
    func splitAtFirstSlash() -> (WildcardPattern, WildcardPattern)? {
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        var head = self, tail = self
        head.bytes = Array(bytes[..<slash])
        tail.bytes = Array(bytes[(slash + 1)...])
        if !literal.isEmpty {
            head.literal = Array(literal[..<slash])
            tail.literal = Array(literal[(slash + 1)...])
        }
        return (head, tail)
    }

    private static let star = UInt8(ascii: "*"), one = UInt8(ascii: "?")

    /// Whether byte `i` is the wildcard `c` (not a literal one).
    private func isWild(_ i: Int, _ c: UInt8) -> Bool {
        bytes[i] == c && (literal.isEmpty || !literal[i])
    }

    /// Whether `text` matches it (a greedy match that backs up to the last `*`).
    public func matches(_ text: String) -> Bool {
        let p = bytes, t = Array(text.utf8)
        var i = 0, j = 0
        var star = -1, resume = 0
        while j < t.count {
            if i < p.count, isWild(i, Self.one) || p[i] == t[j] && !isWild(i, Self.star) {
                i += 1; j += 1
            } else if i < p.count, isWild(i, Self.star) {
                star = i; resume = j; i += 1
            } else if star >= 0 {
                i = star + 1; resume += 1; j = resume
            } else {
                return false
            }
        }
        while i < p.count, isWild(i, Self.star) { i += 1 }
        return i == p.count
    }
}
