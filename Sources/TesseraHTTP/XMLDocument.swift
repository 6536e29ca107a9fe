/// A parsed XML element: name (namespace prefix dropped), children and text.
public struct XMLElement: Sendable, Hashable {
    /// Local name.
    public var name: String
    /// Child elements in order.
    public var children: [XMLElement]
    /// Concatenated character data directly inside this element.
    public var text: String

    /// The first child named `name`.
    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    /// All children named `name`.
    public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
}

/// A strict, small XML reader for request documents (Complete, Delete, lifecycle).
/// Supports elements, attributes (ignored), text, entities, CDATA, comments and the prolog;
/// throws ``XMLParseError`` on anything malformed.
public struct XMLReader {
    /// Why a document was rejected.
    public struct XMLParseError: Error, Sendable {
        /// Explanation.
        public var reason: String
    }

    private let b: [UInt8]
    private var i = 0

    /// Parses `bytes` into the root element.
    public static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLElement {
        var r = XMLReader(b: bytes)
        r.skipMisc()
        guard r.peek == UInt8(ascii: "<") else { throw XMLParseError(reason: "no root element") }
        let root = try r.element()
        r.skipMisc()
        guard r.i == r.b.count else { throw XMLParseError(reason: "content after the root element") }
        return root
    }

    private init(b: [UInt8]) { self.b = b }

    private var peek: UInt8? { i < b.count ? b[i] : nil }

    private func starts(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return i + u.count <= b.count && b[i..<(i + u.count)].elementsEqual(u)
    }

    private mutating func skipWhitespace() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    private mutating func skip(past end: String) throws(XMLParseError) {
        let u = Array(end.utf8)
        while i + u.count <= b.count {
            if b[i..<(i + u.count)].elementsEqual(u) { i += u.count; return }
            i += 1
        }
        throw XMLParseError(reason: "unterminated construct")
    }

    private mutating func skipMisc() {
        while true {
            skipWhitespace()
            if starts("<?") { guard (try? skip(past: "?>")) != nil else { return }; continue }
            if starts("<!--") { guard (try? skip(past: "-->")) != nil else { return }; continue }
            if starts("<!DOCTYPE") { guard (try? skip(past: ">")) != nil else { return }; continue }
            return
        }
    }

    private mutating func name() throws(XMLParseError) -> String {
        let start = i
        while let c = peek, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")) {
            i += 1
        }
        guard i > start else { throw XMLParseError(reason: "empty name") }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private static func local(_ qname: String) -> String {
        if let colon = qname.lastIndex(of: ":") { return String(qname[qname.index(after: colon)...]) }
        return qname
    }

    private mutating func element() throws(XMLParseError) -> XMLElement {
        i += 1  // <
        let qname = try name()
        // attributes
        while true {
            skipWhitespace()
            guard let c = peek else { throw XMLParseError(reason: "unterminated start tag") }
            if c == UInt8(ascii: "/") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") else { throw XMLParseError(reason: "bad empty tag") }
                i += 2
                return XMLElement(name: XMLReader.local(qname), children: [], text: "")
            }
            if c == UInt8(ascii: ">") { i += 1; break }
            _ = try name()
            skipWhitespace()
            guard peek == UInt8(ascii: "=") else { throw XMLParseError(reason: "attribute without value") }
            i += 1
            skipWhitespace()
            guard let q = peek, q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else { throw XMLParseError(reason: "unquoted attribute") }
            i += 1
            while let d = peek, d != q { i += 1 }
            guard peek == q else { throw XMLParseError(reason: "unterminated attribute") }
            i += 1
        }
        var children: [XMLElement] = []
        var text: [UInt8] = []
        while true {
            guard let c = peek else { throw XMLParseError(reason: "unterminated element \(qname)") }
            if c == UInt8(ascii: "<") {
                if starts("</") {
                    i += 2
                    let endName = try name()
                    skipWhitespace()
                    guard endName == qname, peek == UInt8(ascii: ">") else { throw XMLParseError(reason: "mismatched end tag \(endName)") }
                    i += 1
                    guard let t = String(validating: text, as: UTF8.self) else { throw XMLParseError(reason: "invalid UTF-8") }
                    return XMLElement(name: XMLReader.local(qname), children: children, text: t)
                }
                if starts("<!--") { try skip(past: "-->"); continue }
                if starts("<![CDATA[") {
                    i += 9
                    let start = i
                    try skip(past: "]]>")
                    text += b[start..<(i - 3)]
                    continue
                }
                if starts("<?") { try skip(past: "?>"); continue }
                children.append(try element())
            } else if c == UInt8(ascii: "&") {
                guard let semi = b[i...].firstIndex(of: UInt8(ascii: ";")), semi - i <= 10 else { throw XMLParseError(reason: "bad entity") }
                let ent = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
                i = semi + 1
                switch ent {
                case "amp": text.append(UInt8(ascii: "&"))
                case "lt": text.append(UInt8(ascii: "<"))
                case "gt": text.append(UInt8(ascii: ">"))
                case "quot": text.append(UInt8(ascii: "\""))
                case "apos": text.append(UInt8(ascii: "'"))
                default:
                    var v: UInt32?
                    if ent.hasPrefix("#x") { v = UInt32(ent.dropFirst(2), radix: 16) } else if ent.hasPrefix("#") { v = UInt32(ent.dropFirst(1)) }
                    guard let v, let s = Unicode.Scalar(v) else { throw XMLParseError(reason: "unknown entity \(ent)") }
                    text += Array(String(Character(s)).utf8)
                }
            } else {
                text.append(c)
                i += 1
            }
        }
    }
}
