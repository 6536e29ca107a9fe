/// RFC 3986 percent-encoding as the cloud SDKs use it.
public enum PercentEncoding {
    /// Decodes `%XX` escapes (and `+` as space if asked); `nil` if an escape is malformed or the
    /// result is not UTF-8.
    public static func decode(_ s: String, plusAsSpace: Bool = false) -> String? {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while let c = it.next() {
            if c == UInt8(ascii: "%") {
                guard let a = it.next(), let b = it.next(), let h = hex(a), let l = hex(b) else { return nil }
                out.append(h << 4 | l)
            } else if plusAsSpace && c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(c)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Encodes every byte except `A-Z a-z 0-9 - _ . ~` (and `/` when `keepSlash`), upper-case hex.
    public static func encode(_ s: String, keepSlash: Bool = false) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(c)
            case UInt8(ascii: "/") where keepSlash:
                out.append(c)
            default:
                out += [UInt8(ascii: "%"), digits[Int(c >> 4)], digits[Int(c & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
