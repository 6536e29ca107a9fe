import Foundation
import HTTPTypes

/// The header fields of a connection's last request: each name and value as the client sent it,
/// and the `HTTPField` HTTPTypes made of them.
///
/// HTTPTypes checks every byte of a field: `HTTPField.Name(_:)` that the name is a token, and
/// lower-cases it into a new string for each of boto3's capitalised names; `HTTPField(name:value:)`
/// that the value is ISO Latin-1 and legal, about 15 instructions a byte. Clients send the same
/// names in the same order on every request of a connection, and half their value bytes again
/// (the host, the user agent, the SDK's retry and payload-hash fields): a field whose bytes equal
/// those at its place last time is that one's `HTTPField`, the same result HTTPTypes would give,
/// at the cost of a `memcmp`. A name equal to last time's with a new value keeps the checked
/// name and checks only the value, and the entry keeps the new field: requests of different
/// kinds on one connection (a PUT's digests, then an initiate's) find their values again.
/// Keeping only values that never changed cost an initiate 4,900 instructions more, and saved a
/// PUT, whose values mostly change, 500 (callgrind).
///
/// Bounded: only the first ``capacity`` fields of a connection's requests are kept, with their
/// values up to ``valueCapacity`` bytes (a longer value is checked every time).
struct FieldCache {
    /// How many fields are kept at most.
    static let capacity = 32
    /// The longest value kept.
    static let valueCapacity = 256

    private struct Entry {
        var rawName: String
        /// nil when the value is longer than ``FieldCache/valueCapacity``.
        var rawValue: String?
        var field: HTTPField
    }

    private var entries: [Entry] = []

    /// The field for `name` and `value` at position `index` of the request's fields; `nil` when
    /// `name` is not a token (HTTPTypes drops such fields).
    mutating func field(at index: Int, name: String, value: String) -> HTTPField? {
        if index < entries.count, Self.sameBytes(entries[index].rawName, name) {
            if let last = entries[index].rawValue, Self.sameBytes(last, value) { return entries[index].field }
            let field = HTTPField(name: entries[index].field.name, value: value)
            entries[index].rawValue = Self.kept(value)
            entries[index].field = field
            return field
        }
        guard let fieldName = HTTPField.Name(name) else { return nil }
        let kept = Self.kept(value)
        let field = HTTPField(name: fieldName, value: value)
        if index < entries.count {
            entries[index] = Entry(rawName: name, rawValue: kept, field: field)
        } else if index == entries.count, index < Self.capacity {
            entries.append(Entry(rawName: name, rawValue: kept, field: field))
        }
        return field
    }

    private static func kept(_ value: String) -> String? {
        value.utf8.count <= valueCapacity ? value : nil
    }

    /// Whether two strings hold the same UTF-8 bytes. Not `==`, which compares canonical
    /// equivalents as equal (`"\u{212A}"`, the Kelvin sign, equals `"K"`), where HTTPTypes would
    /// make different fields of them.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}
