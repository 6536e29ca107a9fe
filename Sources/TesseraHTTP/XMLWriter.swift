/// Builds small XML documents with a fixed element order.
public struct XMLWriter: Sendable {
    private var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Starts a document.
    public init() {}

    /// Opens an element, optionally with an `xmlns`.
    public mutating func open(_ name: String, xmlns: String? = nil) {
        if let xmlns { out += "<\(name) xmlns=\"\(xmlns)\">" } else { out += "<\(name)>" }
    }

    /// Escaped character data.
    public mutating func text(_ s: String) { out += XMLWriter.escape(s) }

    /// Closes an element.
    public mutating func close(_ name: String) { out += "</\(name)>" }

    /// `<name>text</name>`, escaped.
    public mutating func element(_ name: String, _ text: String) {
        out += "<\(name)>\(XMLWriter.escape(text))</\(name)>"
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
    public var document: String { out }

    /// Escapes `& < > " '` and control characters that XML 1.0 forbids.
    public static func escape(_ s: String) -> String {
        let clean = s.utf8.allSatisfy { b in
            b >= 0x20 && b != UInt8(ascii: "&") && b != UInt8(ascii: "<") && b != UInt8(ascii: ">")
                && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'")
        }
        if clean { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            case "'": r += "&apos;"
            case "\t", "\n", "\r": r += "&#\(u.value);"
            default:
                if u.value < 0x20 { r += "&#\(u.value);" } else { r.unicodeScalars.append(u) }
            }
        }
        return r
    }
}
