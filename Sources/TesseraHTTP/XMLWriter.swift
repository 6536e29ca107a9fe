/// Builds XML documents with a fixed element order, appending UTF-8 bytes to one buffer (a
/// listing page is a few thousand elements).
public struct XMLWriter: Sendable {
    private var out: [UInt8]

    /// Starts a document.
    public init() {
        out = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        out.reserveCapacity(4096)
    }

    /// Opens an element, optionally with an `xmlns`.
    public mutating func open(_ name: String, xmlns: String? = nil) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: name.utf8)
        if let xmlns {
            out.append(contentsOf: " xmlns=\"".utf8)
            out.append(contentsOf: xmlns.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
    }

    /// Escaped character data.
    public mutating func text(_ s: String) { Self.appendEscaped(s, to: &out) }

    /// Closes an element.
    public mutating func close(_ name: String) {
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ">"))
    }

    /// `<name>text</name>`, escaped.
    public mutating func element(_ name: String, _ text: String) {
        open(name)
        Self.appendEscaped(text, to: &out)
        close(name)
    }

    /// An element only when `text` is non-nil.
    public mutating func element(_ name: String, ifPresent text: String?) {
        if let text { element(name, text) }
    }

    /// Writes a nested element.
    public mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// The document.
    public var document: String { String(decoding: out, as: UTF8.self) }

    /// Escapes `& < > " '` and control characters that XML 1.0 forbids.
    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        appendEscaped(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&apos;".utf8)
            case 0..<0x20:
                out.append(contentsOf: "&#".utf8)
                out.append(contentsOf: String(b).utf8)
                out.append(UInt8(ascii: ";"))
            default: out.append(b)
            }
        }
    }
}
