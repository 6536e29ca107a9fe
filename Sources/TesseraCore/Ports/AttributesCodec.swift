import Foundation

/// ``ObjectAttributes`` as the JSON text stored in the `attributes` columns, without Foundation's
/// JSON coders: every upload row of a listing page carries attributes, and the generic coders
/// cost more than the rest of the row together.
///
/// The text is the same JSON object Foundation's `JSONEncoder` writes (sorted keys, absent values
/// left out), so rows written by either read back with either. ``decode(_:)`` reads exactly that
/// shape and returns nil for anything else, for the caller to fall back to `JSONDecoder`.
public enum AttributesCodec {
    /// The JSON text of `attributes`.
    public static func encode(_ a: ObjectAttributes) -> String {
        // An ACL or a website redirect is rare: Foundation's coder writes it (same shape; the fast
        // reader then declines).
        if a.acl != nil || a.websiteRedirectLocation != nil, let text = try? StoredText.json(a) { return text }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(64)
        var first = true
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            string(name, into: &out)
            out.append(UInt8(ascii: ":"))
            string(value, into: &out)
        }
        field("cacheControl", a.cacheControl)
        field("contentDisposition", a.contentDisposition)
        field("contentEncoding", a.contentEncoding)
        field("contentLanguage", a.contentLanguage)
        field("contentType", a.contentType)
        field("expires", a.expires)
        field("storageClass", a.storageClass)
        if let tags = a.tags, !tags.isEmpty {
            out.append(contentsOf: ",\"tags\":".utf8)
            pairs(tags, names: ("key", "value"), into: &out) { ($0.key, $0.value) }
        }
        if !first { out.append(UInt8(ascii: ",")) }
        string("userMetadata", into: &out)
        out.append(UInt8(ascii: ":"))
        pairs(a.userMetadata, names: ("name", "value"), into: &out) { ($0.name, $0.value) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array of objects of two string fields, `names.0` and `names.1`.
    private static func pairs<T>(_ entries: [T], names: (String, String), into out: inout [UInt8], _ fields: (T) -> (String, String)) {
        out.append(UInt8(ascii: "["))
        for (i, entry) in entries.enumerated() {
            let e = fields(entry)
            out.append(contentsOf: i > 0 ? ",{".utf8 : "{".utf8)
            string(names.0, into: &out)
            out.append(UInt8(ascii: ":"))
            string(e.0, into: &out)
            out.append(UInt8(ascii: ","))
            string(names.1, into: &out)
            out.append(UInt8(ascii: ":"))
            string(e.1, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case 0..<0x20: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, Identifiers.hexDigit(b >> 4), Identifiers.hexDigit(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The attributes in `text`, or nil when it is not the shape ``encode(_:)`` writes.
    public static func decode(_ text: String) -> ObjectAttributes? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.attributes()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func attributes() -> ObjectAttributes? {
            var a = ObjectAttributes()
            guard take(UInt8(ascii: "{")) else { return nil }
            if take(UInt8(ascii: "}")) { return nil }  // storageClass is always written
            var sawStorageClass = false
            repeat {
                guard let name = string(), take(UInt8(ascii: ":")) else { return nil }
                switch name {
                case "userMetadata":
                    guard let entries = pairs(("name", "value")) else { return nil }
                    a.userMetadata = entries.map { MetadataEntry(name: $0.0, value: $0.1) }
                case "tags":
                    guard let entries = pairs(("key", "value")), !entries.isEmpty else { return nil }
                    a.tags = entries.map { ObjectTag(key: $0.0, value: $0.1) }
                case "storageClass":
                    guard let v = string() else { return nil }
                    a.storageClass = v
                    sawStorageClass = true
                default:
                    guard let v = string() else { return nil }
                    switch name {
                    case "cacheControl": a.cacheControl = v
                    case "contentDisposition": a.contentDisposition = v
                    case "contentEncoding": a.contentEncoding = v
                    case "contentLanguage": a.contentLanguage = v
                    case "contentType": a.contentType = v
                    case "expires": a.expires = v
                    default: return nil
                    }
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")), i == bytes.count, sawStorageClass else { return nil }
            return a
        }

        /// An array of objects of the two string fields `names` (user metadata, tags).
        mutating func pairs(_ names: (String, String)) -> [(String, String)]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [(String, String)] = []
            if take(UInt8(ascii: "]")) { return out }
            repeat {
                guard take(UInt8(ascii: "{")) else { return nil }
                var first: String?, second: String?
                repeat {
                    guard let field = string(), take(UInt8(ascii: ":")), let v = string() else { return nil }
                    switch field {
                    case names.0: first = v
                    case names.1: second = v
                    default: return nil
                    }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")), let first, let second else { return nil }
                out.append((first, second))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? out : nil
        }

        mutating func take(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        /// A JSON string; nil on anything else (including escapes this reader does not expect).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // Fast path: no escapes.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { return nil }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: return nil
                    }
                default:
                    out.append(b)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let d = Identifiers.hexValue(bytes[i]) else { return nil }
                i += 1
                v = v << 4 | UInt32(d)
            }
            return v
        }
    }
}
