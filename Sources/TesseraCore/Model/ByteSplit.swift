extension StringProtocol {
    /// The pieces between occurrences of an ASCII `separator`, found in the UTF-8 bytes.
    ///
    /// `split(separator:)` with a `Character` walks grapheme clusters: on the 200-byte SigV4
    /// `Authorization` header it cost 72,000 instructions per request (callgrind,
    /// docs/benchmarks.md). An ASCII byte never occurs inside a multi-byte character, so the
    /// pieces are the same.
    /// (The bytes are scanned in place and the pieces cut by offset: the standard library's
    /// `split` over a `UTF8View` still cost 30 instructions a byte.)
    public func splitASCII(_ separator: UInt8, omittingEmpty: Bool = true) -> [Substring] {
        let text = Substring(self)
        let utf8 = text.utf8
        // Counted first so that neither array grows piece by piece (11 reallocations a request).
        guard let cuts = utf8.withContiguousStorageIfAvailable({ bytes in
            var count = 1
            for byte in bytes where byte == separator { count += 1 }
            var cuts: [Int] = []
            cuts.reserveCapacity(count)
            for (offset, byte) in bytes.enumerated() where byte == separator { cuts.append(offset) }
            cuts.append(bytes.count)
            return cuts
        }) else {
            return utf8.split(separator: separator, omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
        }
        var pieces: [Substring] = []
        pieces.reserveCapacity(cuts.count)
        var from = 0
        for to in cuts {
            if to > from || !omittingEmpty {
                pieces.append(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: from)..<utf8.index(utf8.startIndex, offsetBy: to)]))
            }
            from = to + 1
        }
        return pieces
    }

    /// Whether any UTF-8 byte satisfies `predicate`, scanned in the string's own buffer when it
    /// has one: `contains(where:)` on a `UTF8View` costs ~40 instructions a byte, a loop over
    /// the buffer a few (callgrind, docs/benchmarks.md).
    @inlinable
    public func containsByte(where predicate: (UInt8) throws -> Bool) rethrows -> Bool {
        if let found = try utf8.withContiguousStorageIfAvailable({ try $0.contains(where: predicate) }) { return found }
        return try utf8.contains(where: predicate)
    }

    /// Whether every UTF-8 byte satisfies `predicate` (see ``containsByte(where:)``).
    @inlinable
    public func allBytes(satisfy predicate: (UInt8) throws -> Bool) rethrows -> Bool {
        try !containsByte(where: { try !predicate($0) })
    }

    /// Without leading and trailing ASCII spaces (bytes, not characters).
    public func trimmingASCIISpaces() -> Substring {
        var bytes = Substring(self).utf8[...]
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return Substring(bytes)
    }
}
