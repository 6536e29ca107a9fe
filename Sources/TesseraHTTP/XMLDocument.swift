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

/// A strict, small XML reader for request documents (Complete, Delete, lifecycle), safe on
/// hostile input: it never recurses (an explicit stack, so depth cannot overflow the thread's
/// stack), refuses a document deeper than ``Limits/maxDepth``, with more than
/// ``Limits/maxElements`` elements or larger than ``Limits/maxBytes``, refuses any DTD (so no
/// entity can be declared, let alone expanded), knows only the five predefined entities, and
/// refuses characters XML 1.0 does not allow, literal or as character references (`&#0;`).
///
/// Why our own reader and not XMLCoder: on Linux XMLCoder sits on FoundationXML's libxml2
/// `XMLParser`, builds its own tree and then decodes it, and its limits (depth, entities) are
/// libxml2's rather than ours. Measured (swiftc -O, this file against FoundationXML, a
/// 10,000-part Complete with checksums, 1.28 MB, mean of 20): this reader, tree included,
/// 27.7 ms; FoundationXML's `XMLParser` delivering start-element events only, no tree, 23.8 ms —
/// XMLCoder can only be slower than the latter. Every limit here is explicit and tested.
public struct XMLReader {
    /// Why a document was rejected.
    public struct XMLParseError: Error, Sendable {
        /// Explanation.
        public var reason: String
    }

    /// Hard limits on what a request document may be.
    public struct Limits: Sendable {
        /// Deepest nesting of elements (S3's documents need 4).
        public var maxDepth = 32
        /// Most elements (a 10,000-part Complete with checksums has about 40,000).
        public var maxElements = 100_000
        /// Largest document.
        public var maxBytes = 4 * 1024 * 1024

        /// The defaults.
        public init() {}
    }

    private struct Open {
        var qname: ArraySlice<UInt8>
        var children: [XMLElement] = []
        var text: [UInt8] = []
    }

    private let b: [UInt8]
    private var i = 0

    /// Parses `bytes` into the root element.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(XMLParseError) -> XMLElement {
        guard bytes.count <= limits.maxBytes else { throw XMLParseError(reason: "document larger than \(limits.maxBytes) bytes") }
        var r = XMLReader(b: bytes)
        try r.skipProlog()
        guard r.peek == UInt8(ascii: "<") else { throw XMLParseError(reason: "no root element") }
        let root = try r.elements(limits)
        try r.skipMisc()
        guard r.i == r.b.count else { throw XMLParseError(reason: "content after the root element") }
        return root
    }

    private init(b: [UInt8]) { self.b = b }

    private var peek: UInt8? { i < b.count ? b[i] : nil }

    private func starts(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        return s.withUTF8Buffer { u in (0..<n).allSatisfy { b[i + $0] == u[$0] } }
    }

    private mutating func skipWhitespace() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    private mutating func skip(past end: StaticString) throws(XMLParseError) {
        while i < b.count {
            if starts(end) { i += end.utf8CodeUnitCount; return }
            i += 1
        }
        throw XMLParseError(reason: "unterminated construct")
    }

    /// The XML declaration, comments and processing instructions; a DTD is refused.
    private mutating func skipProlog() throws(XMLParseError) {
        if starts("\u{FEFF}") { i += 3 }
        try skipMisc()
    }

    private mutating func skipMisc() throws(XMLParseError) {
        while true {
            skipWhitespace()
            if starts("<!DOCTYPE") || starts("<!ENTITY") { throw XMLParseError(reason: "DTDs are not accepted") }
            if starts("<?") { try skip(past: "?>"); continue }
            if starts("<!--") { try skip(past: "-->"); continue }
            return
        }
    }

    /// The bytes of a name at the cursor.
    private mutating func nameBytes() throws(XMLParseError) -> ArraySlice<UInt8> {
        let start = i
        while let c = peek, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")) {
            i += 1
        }
        guard i > start, i - start <= 256 else { throw XMLParseError(reason: "bad name") }
        return b[start..<i]
    }

    /// The local name (namespace prefix dropped) of a qualified name.
    private static func local(_ qname: ArraySlice<UInt8>) throws(XMLParseError) -> String {
        let name = qname.lastIndex(of: UInt8(ascii: ":")).map { qname[($0 + 1)...] } ?? qname
        guard let n = String(validating: name, as: UTF8.self) else { throw XMLParseError(reason: "invalid UTF-8 in a name") }
        return n
    }

    /// Reads a start tag at `<`; returns its name and whether it closed itself (`<a/>`).
    private mutating func startTag() throws(XMLParseError) -> (ArraySlice<UInt8>, selfClosing: Bool) {
        i += 1
        let qname = try nameBytes()
        while true {
            skipWhitespace()
            guard let c = peek else { throw XMLParseError(reason: "unterminated start tag") }
            if c == UInt8(ascii: "/") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") else { throw XMLParseError(reason: "bad empty tag") }
                i += 2
                return (qname, true)
            }
            if c == UInt8(ascii: ">") { i += 1; return (qname, false) }
            _ = try nameBytes()
            skipWhitespace()
            guard peek == UInt8(ascii: "=") else { throw XMLParseError(reason: "attribute without value") }
            i += 1
            skipWhitespace()
            guard let q = peek, q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else { throw XMLParseError(reason: "unquoted attribute") }
            i += 1
            while let d = peek, d != q {
                guard d != UInt8(ascii: "<") else { throw XMLParseError(reason: "< in an attribute value") }
                i += 1
            }
            guard peek == q else { throw XMLParseError(reason: "unterminated attribute") }
            i += 1
        }
    }

    /// The root element and everything inside it, with an explicit stack of open elements.
    private mutating func elements(_ limits: Limits) throws(XMLParseError) -> XMLElement {
        var stack: [Open] = []
        var count = 0
        while true {
            guard let c = peek else { throw XMLParseError(reason: "unterminated element") }
            if c == UInt8(ascii: "<") {
                let next = i + 1 < b.count ? b[i + 1] : 0
                if next == UInt8(ascii: "/") {
                    i += 2
                    let endName = try nameBytes()
                    skipWhitespace()
                    guard var open = stack.popLast(), endName.elementsEqual(open.qname), peek == UInt8(ascii: ">") else {
                        throw XMLParseError(reason: "mismatched end tag")
                    }
                    i += 1
                    let element = try XMLReader.finish(&open)
                    if stack.isEmpty { return element }
                    stack[stack.count - 1].children.append(element)
                    continue
                }
                if next == UInt8(ascii: "?") { try skip(past: "?>"); continue }
                if next == UInt8(ascii: "!") {
                    if starts("<!--") { try skip(past: "-->"); continue }
                    guard starts("<![CDATA["), !stack.isEmpty else { throw XMLParseError(reason: "declarations are not accepted inside elements") }
                    i += 9
                    let start = i
                    try skip(past: "]]>")
                    stack[stack.count - 1].text += b[start..<(i - 3)]
                    continue
                }
                count += 1
                guard count <= limits.maxElements else { throw XMLParseError(reason: "more than \(limits.maxElements) elements") }
                let (qname, selfClosing) = try startTag()
                if selfClosing {
                    let element = XMLElement(name: try XMLReader.local(qname), children: [], text: "")
                    if stack.isEmpty { return element }
                    stack[stack.count - 1].children.append(element)
                } else {
                    guard stack.count < limits.maxDepth else { throw XMLParseError(reason: "nested deeper than \(limits.maxDepth) elements") }
                    stack.append(Open(qname: qname))
                }
            } else if stack.isEmpty {
                throw XMLParseError(reason: "text outside the root element")
            } else if c == UInt8(ascii: "&") {
                try reference(into: &stack[stack.count - 1].text)
            } else {
                stack[stack.count - 1].text.append(c)
                i += 1
            }
        }
    }

    /// An entity or character reference at `&`: the five predefined entities, or a character
    /// reference to a character XML 1.0 allows.
    private mutating func reference(into text: inout [UInt8]) throws(XMLParseError) {
        guard let semi = b[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw XMLParseError(reason: "bad entity") }
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
            guard let v, let s = Unicode.Scalar(v), XMLReader.isAllowed(s) else { throw XMLParseError(reason: "reference to an unknown entity or a character XML does not allow: &\(ent);") }
            text += Array(String(Character(s)).utf8)
        }
    }

    /// Closes an element: its text must be UTF-8 of characters XML 1.0 allows.
    private static func finish(_ open: inout Open) throws(XMLParseError) -> XMLElement {
        guard let text = String(validating: open.text, as: UTF8.self) else { throw XMLParseError(reason: "invalid UTF-8") }
        // Only C0 controls (and U+FFFE/U+FFFF) can sneak in as valid UTF-8: check bytes first.
        if open.text.contains(where: { $0 < 0x20 || $0 == 0xEF }), !text.unicodeScalars.allSatisfy(isAllowed) {
            throw XMLParseError(reason: "a character XML does not allow")
        }
        return XMLElement(name: try local(open.qname), children: open.children, text: text)
    }

    /// XML 1.0's `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    public static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
