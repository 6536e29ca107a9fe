public import TesseraCore
public import NIOCore

/// Builds JSON documents with a fixed field order (BOS and UFile responses), appending UTF-8
/// bytes to one buffer (``ByteSink``, as ``XMLWriter`` does; a listing page is thousands of
/// fields). The writer owns its buffer and is never copied.
public struct JSONWriter: ~Copyable, Sendable {
    private var out: ByteSink
    private var needsComma: [Bool] = []

    /// Starts a document with room for a small one (1 KiB).
    public init() { self.init(capacity: 1024) }

    /// Starts a document with room for `capacity` bytes before it grows (a listing page's:
    /// ``DocumentCapacity/listing(entries:)``).
    public init(capacity: Int) { out = ByteSink(capacity: capacity) }

    /// The document.
    public var document: String { out.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// The document's bytes, copied once into a response body (``XMLWriter/buffer``).
    public var buffer: ByteBuffer { out.withBytes { ByteBuffer(bytes: $0) } }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { out.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    /// A field's name. Names are literals with nothing to escape, written as they are: quoted
    /// and scanned like values, a 1,000-upload BOS listing page's names cost 860,000
    /// instructions more (6.2 %; callgrind, docs/benchmarks.md, "The thirty-third pass"). A
    /// name from data goes through ``string(key:_:)``.
    private mutating func key(_ name: StaticString?) {
        separator()
        guard let name else { return }
        assert(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount).allSatisfy { !Self.special[Int($0)] },
               "a field's name needs escaping")
        out.append(UInt8(ascii: "\""))
        out.append(name)
        out.append("\":" as StaticString)
    }

    /// A string field whose name comes from data (a tag's key, a user's metadata name): the
    /// name is escaped as a value is.
    public mutating func string(key name: String, _ value: String) {
        separator()
        Self.appendQuoted(name, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendQuoted(value, to: &out)
    }

    /// Opens an object (as a field when `name` is given, else as a value).
    public mutating func openObject(_ name: StaticString? = nil) {
        key(name)
        out.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func closeObject() {
        needsComma.removeLast()
        out.append(UInt8(ascii: "}"))
    }

    /// Opens an array.
    public mutating func openArray(_ name: StaticString? = nil) {
        key(name)
        out.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func closeArray() {
        needsComma.removeLast()
        out.append(UInt8(ascii: "]"))
    }

    /// A string field (or array element when `name` is nil).
    public mutating func string(_ name: StaticString?, _ value: String) {
        key(name)
        Self.appendQuoted(value, to: &out)
    }

    /// A time as a string field in ISO-8601 to the second (BOS's form), written without a
    /// `String` (a 1,000-entry page has one an entry).
    public mutating func string(_ name: StaticString?, iso8601Seconds time: Timestamp) {
        key(name)
        out.append(UInt8(ascii: "\""))
        time.withISO8601SecondsBytes { out.append($0) }
        out.append(UInt8(ascii: "\""))
    }

    /// An integer field.
    public mutating func int(_ name: StaticString?, _ value: Int64) {
        key(name)
        out.append(String(value))
    }

    /// A number field (finite; written as Swift spells a `Double`, e.g. `1.25`).
    public mutating func number(_ name: StaticString?, _ value: Double) {
        key(name)
        out.append(value.isFinite ? String(value) : "null")
    }

    /// A boolean field.
    public mutating func bool(_ name: StaticString?, _ value: Bool) {
        key(name)
        out.append(value ? "true" : "false" as StaticString)
    }

    /// A `null` field.
    public mutating func null(_ name: StaticString?) {
        key(name)
        out.append("null" as StaticString)
    }

    /// A JSON string literal for `s`.
    public static func quote(_ s: String) -> String {
        var out = ByteSink(capacity: s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes ``appendQuoted(_:to:)`` changes: C0 controls, `"` and `\`.
    private static let special: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    /// `s` quoted: `"` and `\` escaped, `\n \r \t` by name, other C0 controls as `\u00XX`
    /// (``ByteSink/append(_:escaping:_:)``: a character at a time into a `String` before).
    private static func appendQuoted(_ s: String, to out: inout ByteSink) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            special.withUnsafeBufferPointer { table in
                out.append(bytes, escaping: table) { out, bytes, i in
                    switch bytes[i] {
                    case UInt8(ascii: "\""): out.append("\\\"" as StaticString)
                    case UInt8(ascii: "\\"): out.append("\\\\" as StaticString)
                    case 0x0A: out.append("\\n" as StaticString)
                    case 0x0D: out.append("\\r" as StaticString)
                    case 0x09: out.append("\\t" as StaticString)
                    case let b:
                        let digits: StaticString = "0123456789abcdef"
                        out.append("\\u00" as StaticString)
                        out.append(digits.utf8Start[Int(b >> 4)])
                        out.append(digits.utf8Start[Int(b & 0xF)])
                    }
                    return 1
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
