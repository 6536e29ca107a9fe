import HTTPTypes

/// The field names of a connection's last request: each as the client sent it and as HTTPTypes
/// made it (`HTTPField.Name(_:)` checks every byte is a token character and lower-cases the name,
/// a new string for each of boto3's capitalised names).
///
/// Clients send the same names in the same order on every request of a connection, so a name
/// equal to the one at its place last time is that one's `HTTPField.Name`: the same result
/// `HTTPField.Name(_:)` would give, at the cost of one string comparison (most names fit in a
/// small string, compared as two words). Bounded: only the last request's first
/// ``capacity`` names are kept.
struct FieldNames {
    /// How many names are kept at most.
    static let capacity = 32

    private var raw: [String] = []
    private var made: [HTTPField.Name] = []

    /// The field name for `raw` at position `index` of the request's fields; `nil` when `raw`
    /// is not a token (HTTPTypes drops such fields).
    mutating func name(at index: Int, raw name: String) -> HTTPField.Name? {
        if index < raw.count, raw[index] == name { return made[index] }
        guard let fieldName = HTTPField.Name(name) else { return nil }
        if index < raw.count {
            raw[index] = name
            made[index] = fieldName
        } else if index == raw.count, index < Self.capacity {
            raw.append(name)
            made.append(fieldName)
        }
        return fieldName
    }
}
