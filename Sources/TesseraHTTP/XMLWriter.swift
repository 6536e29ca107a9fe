public import TesseraCore
public import NIOCore

/// Builds XML documents with a fixed element order, appending UTF-8 bytes to one buffer (a
/// listing page is a few thousand elements).
///
/// Element names are literals (`StaticString`): their bytes are copied without a `String`'s
/// retain and release (``element(named:_:)`` takes a name made at run time). The writer owns its
/// buffer and is never copied.
public struct XMLWriter: ~Copyable, Sendable {
    private var out: ByteSink

    /// Starts a document with room for a small one (4 KiB).
    public init() { self.init(capacity: 4096) }

    /// Starts a document with room for `capacity` bytes before it grows. A listing page makes
    /// room for its entries: grown by doubling from 4 KiB, a 1,000-object page copied its bytes
    /// seven times over, 500 instructions an object (callgrind, docs/benchmarks.md, the
    /// twenty-second pass). Room not written is never touched.
    public init(capacity: Int) {
        out = ByteSink(capacity: capacity)
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" as StaticString)
    }

    /// Opens an element, optionally with an `xmlns`.
    public mutating func open(_ name: StaticString, xmlns: String? = nil) {
        guard let xmlns else {
            out.appendTag(name, closing: false)
            return
        }
        out.append(UInt8(ascii: "<"))
        out.append(name)
        out.append(" xmlns=\"" as StaticString)
        out.append(xmlns)
        out.append("\">" as StaticString)
    }

    /// Opens an element with attributes (values escaped), in the order given.
    public mutating func open(_ name: StaticString, attributes: [(name: String, value: String)]) {
        out.append(UInt8(ascii: "<"))
        out.append(name)
        for a in attributes {
            out.append(UInt8(ascii: " "))
            out.append(a.name)
            out.append("=\"" as StaticString)
            Self.appendEscaped(a.value, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
    }

    /// Escaped character data.
    public mutating func text(_ s: String) { Self.appendEscaped(s, to: &out) }

    /// Closes an element.
    public mutating func close(_ name: StaticString) {
        out.appendTag(name, closing: true)
    }

    /// `<name>text</name>`, escaped.
    public mutating func element(_ name: StaticString, _ text: String) {
        open(name)
        Self.appendEscaped(text, to: &out)
        close(name)
    }

    /// `<name>literal</name>`, the literal written as it is: for values spelled in the code
    /// that need no escaping (an enumeration's names), without a `String` to escape.
    public mutating func element(_ name: StaticString, literal: StaticString) {
        open(name)
        out.append(literal)
        close(name)
    }

    /// `<name>"text"</name>`, the quotes and the text escaped (an ETag as S3 lists it), without
    /// the quoted text made as a `String` first (a 1,000-object page quotes one an object).
    public mutating func element(_ name: StaticString, quoting text: String) {
        open(name)
        out.append("&quot;" as StaticString)
        Self.appendEscaped(text, to: &out)
        out.append("&quot;" as StaticString)
        close(name)
    }

    /// `<name>` and `time` in ISO-8601 with milliseconds (S3's form), written without a `String`
    /// (a 1,000-object page has one an object).
    public mutating func element(_ name: StaticString, iso8601 time: Timestamp) {
        open(name)
        time.withISO8601Bytes { out.append($0) }
        close(name)
    }

    /// `<name>text</name>` with a name made at run time (an error document's extra fields).
    public mutating func element(named name: String, _ text: String) {
        out.append(UInt8(ascii: "<"))
        out.append(name)
        out.append(UInt8(ascii: ">"))
        Self.appendEscaped(text, to: &out)
        out.append("</" as StaticString)
        out.append(name)
        out.append(UInt8(ascii: ">"))
    }

    /// An element only when `text` is non-nil.
    public mutating func element(_ name: StaticString, ifPresent text: String?) {
        if let text { element(name, text) }
    }

    /// Writes a nested element.
    public mutating func element(_ name: StaticString, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// The document.
    public var document: String { out.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// The document's bytes, copied once into a response body: a `String` first checked them as
    /// UTF-8 and copied them again on the way into the body, ~580 instructions a listed object
    /// (callgrind, docs/benchmarks.md, the twenty-second pass).
    public var buffer: ByteBuffer { out.withBytes { ByteBuffer(bytes: $0) } }

    /// Escapes `& < > " '`; tab, LF and CR become character references, and the characters
    /// XML 1.0 forbids even as references (other C0 controls, U+FFFE, U+FFFF) become U+FFFD, so
    /// a document never holds what an XML 1.0 parser refuses (an S3 client that needs such keys
    /// exactly asks for `encoding-type=url`).
    public static func escape(_ s: String) -> String {
        var out = ByteSink(capacity: s.utf8.count)
        appendEscaped(s, to: &out)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes ``appendEscaped(_:to:)`` may change: C0 controls, `& < > " '`, and 0xEF, the
    /// first byte of U+FFFE and U+FFFF.
    private static let special: [Bool] = (0...255).map { b in
        b < 0x20 || b == 0xEF || "&<>\"'".utf8.contains(UInt8(b))
    }

    private static func appendEscaped(_ s: String, to out: inout ByteSink) {
        var s = s
        s.withUTF8 { appendEscaped($0, to: &out) }
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteSink) {
        special.withUnsafeBufferPointer { table in
            out.append(bytes, escaping: table) { out, bytes, i in
                switch bytes[i] {
                case UInt8(ascii: "&"): out.append("&amp;" as StaticString)
                case UInt8(ascii: "<"): out.append("&lt;" as StaticString)
                case UInt8(ascii: ">"): out.append("&gt;" as StaticString)
                case UInt8(ascii: "\""): out.append("&quot;" as StaticString)
                case UInt8(ascii: "'"): out.append("&apos;" as StaticString)
                case 0x09: out.append("&#9;" as StaticString)
                case 0x0A: out.append("&#10;" as StaticString)
                case 0x0D: out.append("&#13;" as StaticString)
                case 0..<0x20: out.append("\u{FFFD}" as StaticString)
                default:
                    // 0xEF: U+FFFE and U+FFFF become U+FFFD; other characters starting with it stay.
                    if i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF {
                        out.append("\u{FFFD}" as StaticString)
                        return 3
                    }
                    out.append(bytes[i])
                }
                return 1
            }
        }
    }
}
