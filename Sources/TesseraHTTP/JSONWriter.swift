/// Builds JSON documents with a fixed field order (BOS and UFile responses).
public struct JSONWriter: Sendable {
    private var out = ""
    private var needsComma: [Bool] = []

    /// Starts a document.
    public init() {}

    /// The document.
    public var document: String { out }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { out += "," }
            needsComma[needsComma.count - 1] = true
        }
    }

    private mutating func key(_ name: String?) {
        separator()
        if let name { out += JSONWriter.quote(name) + ":" }
    }

    /// Opens an object (as a field when `name` is given, else as a value).
    public mutating func openObject(_ name: String? = nil) {
        key(name)
        out += "{"
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func closeObject() {
        needsComma.removeLast()
        out += "}"
    }

    /// Opens an array.
    public mutating func openArray(_ name: String? = nil) {
        key(name)
        out += "["
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func closeArray() {
        needsComma.removeLast()
        out += "]"
    }

    /// A string field (or array element when `name` is nil).
    public mutating func string(_ name: String?, _ value: String) {
        key(name)
        out += JSONWriter.quote(value)
    }

    /// An integer field.
    public mutating func int(_ name: String?, _ value: Int64) {
        key(name)
        out += String(value)
    }

    /// A number field (finite; written as Swift spells a `Double`, e.g. `1.25`).
    public mutating func number(_ name: String?, _ value: Double) {
        key(name)
        out += value.isFinite ? String(value) : "null"
    }

    /// A boolean field.
    public mutating func bool(_ name: String?, _ value: Bool) {
        key(name)
        out += value ? "true" : "false"
    }

    /// A `null` field.
    public mutating func null(_ name: String?) {
        key(name)
        out += "null"
    }

    /// A JSON string literal for `s`.
    public static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
