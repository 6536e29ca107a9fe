import TesseraCore
import TesseraHTTP

extension SigV4 {
    /// The canonical query string: every pair URI-encoded (flags as `k=`), sorted by name then
    /// value; names in `excluded` (decoded) left out.
    ///
    /// A query whose names and values hold only unreserved bytes (`A-Z a-z 0-9 - _ . ~`) is its
    /// own decoding and encoding: every multipart query the SDKs send (`uploads`,
    /// `partNumber=3&uploadId=…`, `uploadId=…`) is one. Its pairs are sorted and joined as byte
    /// ranges of the raw query, one string in all. Decoding, encoding and joining a string a
    /// piece cost 12,600 instructions an UploadPart, 4,700 an initiate and 1,600 for an empty
    /// query (callgrind, docs/benchmarks.md). Any other query is decoded and re-encoded pair by pair.
    public static func canonicalQuery(rawQuery: String, excluding excluded: Set<String> = []) -> String {
        if rawQuery.isEmpty { return "" }
        var raw = rawQuery
        if let plain = raw.withUTF8({ plainCanonicalQuery($0, excluding: excluded) }) { return plain }
        return decodedCanonicalQuery(rawQuery: rawQuery, excluding: excluded)
    }

    /// Where a pair's name and value lie in the raw query.
    private struct PairRanges {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// The canonical query of raw query bytes with nothing to decode or encode; `nil` for any
    /// other (a byte outside the unreserved set, `=` in a value).
    private static func plainCanonicalQuery(_ bytes: UnsafeBufferPointer<UInt8>, excluding excluded: Set<String>) -> String? {
        var pairs: [PairRanges] = []
        var length = 0
        var start = 0
        var equals: Int?
        for i in 0...bytes.count {
            let byte = i < bytes.count ? bytes[i] : UInt8(ascii: "&")
            if byte == UInt8(ascii: "&") {
                if i > start {  // an empty item (`a&&b`) is no pair
                    let pair = PairRanges(name: start..<(equals ?? i), value: equals.map { ($0 + 1)..<i } ?? i..<i)
                    if excluded.isEmpty || !excluded.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[pair.name]), as: UTF8.self)) {
                        pairs.append(pair)
                        length += pair.name.count + pair.value.count + 2
                    }
                }
                start = i + 1
                equals = nil
            } else if byte == UInt8(ascii: "="), equals == nil {
                equals = i
            } else if !isUnreserved(byte) {
                return nil
            }
        }
        if pairs.isEmpty { return "" }
        if pairs.count > 1 {
            pairs.sort { a, b in
                let aName = UnsafeBufferPointer(rebasing: bytes[a.name]), bName = UnsafeBufferPointer(rebasing: bytes[b.name])
                if aName.elementsEqual(bName) {
                    return UnsafeBufferPointer(rebasing: bytes[a.value]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[b.value]))
                }
                return aName.lexicographicallyPrecedes(bName)
            }
        }
        // Each pair is `name=value` and all but the first follow an `&`.
        return String(unsafeUninitializedCapacity: length - 1) { out in
            var at = 0
            func copy(_ range: Range<Int>) {
                guard !range.isEmpty else { return }
                UnsafeMutableRawPointer(out.baseAddress! + at).copyMemory(from: bytes.baseAddress! + range.lowerBound, byteCount: range.count)
                at += range.count
            }
            for (n, pair) in pairs.enumerated() {
                if n > 0 {
                    out[at] = UInt8(ascii: "&")
                    at += 1
                }
                copy(pair.name)
                out[at] = UInt8(ascii: "=")
                at += 1
                copy(pair.value)
            }
            return at
        }
    }

    /// Whether a byte stands for itself in SigV4's URI encoding.
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The canonical query of any raw query: each name and value percent-decoded (kept raw when
    /// an escape is malformed), then encoded.
    private static func decodedCanonicalQuery(rawQuery: String, excluding excluded: Set<String>) -> String {
        var pairs: [(String, String)] = []
        for item in rawQuery.splitASCII(UInt8(ascii: "&")) {
            let name: Substring, value: Substring
            if let eq = item.utf8.firstIndex(of: UInt8(ascii: "=")) { name = item[..<eq]; value = item[eq...].dropFirst() } else { name = item; value = "" }
            let n = PercentEncoding.decode(String(name)) ?? String(name)
            if !excluded.isEmpty, excluded.contains(n) { continue }  // hashing the name for an empty set: 600 instructions
            let v = PercentEncoding.decode(String(value)) ?? String(value)
            pairs.append((PercentEncoding.encode(n), PercentEncoding.encode(v)))
        }
        pairs.sort { a, b in a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
