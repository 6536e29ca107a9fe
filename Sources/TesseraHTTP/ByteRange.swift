public import TesseraCore

/// A single HTTP byte range (`Range: bytes=a-b`, `bytes=a-`, `bytes=-n`).
public enum ByteRange: Sendable, Hashable {
    /// From `first` to `last` inclusive, or to the end.
    case from(first: Int64, last: Int64?)
    /// The last `count` bytes.
    case suffix(count: Int64)

    /// Parses a `Range` header; `nil` for anything that is not one well-formed byte range
    /// (S3 then ignores the header and sends the whole object).
    ///
    /// A bound past `Int64.max` is still a bound (RFC 9110 sets no limit on `1*DIGIT`) and is held
    /// at `Int64.max`: a first byte beyond any object is unsatisfiable (416), a last byte or a
    /// suffix beyond it means "to the end".
    public init?(header: String) {
        let h = header.trimmingSpaces()
        guard h.hasPrefix("bytes=") else { return nil }
        let spec = h.dropFirst(6)
        // Several ranges need no check of their own: a comma lands in a bound, which then is not
        // digits. (A check for the comma went through Foundation's substring search, ~2,000
        // instructions a ranged GET; callgrind, docs/benchmarks.md, the twenty-second pass.)
        guard let dash = spec.firstIndex(of: "-") else { return nil }
        let a = spec[..<dash], b = spec[spec.index(after: dash)...]
        if a.isEmpty {
            guard let n = Self.digits(b) else { return nil }
            self = .suffix(count: n)
        } else {
            guard let first = Self.digits(a) else { return nil }
            if b.isEmpty { self = .from(first: first, last: nil); return }
            guard let last = Self.digits(b), Self.notBefore(b, a, last, first) else { return nil }
            self = .from(first: first, last: last)
        }
    }

    /// A range with both bounds (`x-*-copy-source-range`'s form) as the bytes a part copy takes,
    /// spelt as `header`; `nil` for a suffix or an open range.
    public func copyRange(spelt header: String) -> CopyRange? {
        guard case .from(let first, let last?) = self else { return nil }
        return CopyRange(first: first, last: last, spelling: header)
    }

    /// A bound as RFC 9110 spells it, `1*DIGIT`: not `Int64(_:)`, which also takes a sign
    /// (`bytes=+1-2` is not a range, and S3 ignores what is not one). Past `Int64.max`: `Int64.max`.
    private static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(text) ?? .max
    }

    /// Whether the bound `last` (spelt `b`) is at least `first` (spelt `a`); when both were held
    /// at `Int64.max`, their digits decide.
    private static func notBefore(_ b: Substring, _ a: Substring, _ last: Int64, _ first: Int64) -> Bool {
        guard last == .max, first == .max else { return last >= first }
        let (x, y) = (b.drop { $0 == "0" }, a.drop { $0 == "0" })
        return x.count != y.count ? x.count > y.count : !x.lexicographicallyPrecedes(y)
    }

    /// The offset and length within an object of `size` bytes; `invalidRange` if unsatisfiable.
    public func resolve(size: Int64) throws(StorageError) -> (offset: Int64, length: Int64) {
        switch self {
        case .from(let first, let last):
            guard first < size else {
                throw StorageError(.invalidRange, "The requested range is not satisfiable", context: ErrorContext(actualObjectSize: size))
            }
            let end = min(last ?? (size - 1), size - 1)
            return (first, end - first + 1)
        case .suffix(let count):
            guard count > 0, size > 0 else {
                throw StorageError(.invalidRange, "The requested range is not satisfiable", context: ErrorContext(actualObjectSize: size))
            }
            let n = min(count, size)
            return (size - n, n)
        }
    }
}
