public import HTTPTypes

extension HTTPFields {
    /// The value of the fields named `canonicalName` (lower-case), several joined with ", ", as
    /// `self[name]` gives it for every name but `Cookie` (which it joins with "; ").
    ///
    /// `self[name]` costs 4,700 instructions when the field is present: it joins through the
    /// standard library's generic `joined(separator:)`, which is not specialized and looks up
    /// type metadata at run time; a request looked up `Authorization` five times (callgrind,
    /// docs/benchmarks.md). Lengths are compared first: most fields differ in length, and `==`
    /// between a literal and a header's string took the slow comparison path (76 instructions a
    /// field).
    public func joinedValue(canonicalName name: String) -> String? {
        joinedValue(canonicalName: name, separator: ", ")
    }

    /// The value of the fields named `canonicalName` (lower-case), several joined with
    /// `separator` (SigV4 joins with ","); `nil` when there is none.
    public func joinedValue(canonicalName name: String, separator: String) -> String? {
        var found: String?
        let length = name.utf8.count
        // By position: `for field in self` copied every field it passed (four references
        // retained and released each), twenty lookups a request over nine fields (callgrind).
        for index in indices where isNamed(index, name, length: length) {
            let value = self[index].value
            found = found.map { $0 + separator + value } ?? value
        }
        return found
    }

    /// ``joinedValue(canonicalName:)`` of each of `names` (lower-case), found in one pass over
    /// the fields without copying them. For S3's eight integrity headers of a PUT: 3,100
    /// instructions, where eight lookups with the names interpolated each time cost 14,100
    /// (callgrind, docs/benchmarks.md). For a few names, single lookups are as cheap.
    public func joinedValues(canonicalNames names: [String]) -> [String?] {
        var found = [String?](repeating: nil, count: names.count)
        names.withUnsafeBufferPointer { names in
            for index in self.indices {
                let length = self[index].name.canonicalName.utf8.count
                for i in names.indices where names[i].utf8.count == length && names[i] == self[index].name.canonicalName {
                    let value = self[index].value
                    found[i] = found[i].map { $0 + ", " + value } ?? value
                }
            }
        }
        return found
    }

    /// ``joinedValue(canonicalName:)`` of `name` (not for `Cookie`, see there).
    public func joinedValue(_ name: HTTPField.Name) -> String? {
        joinedValue(canonicalName: name.canonicalName)
    }

    /// The canonical name and value of each field whose canonical name starts with `prefix`
    /// (every field for ""), in order.
    ///
    /// Read by position: `for field in` hands over a copy of each field (four references
    /// retained and released), which for S3's user-metadata loop cost 2,600 instructions an
    /// initiate (callgrind, docs/benchmarks.md).
    public func namesAndValues(canonicalPrefix prefix: String = "") -> [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        for index in indices where self[index].name.canonicalName.hasPrefix(prefix) {
            found.append((self[index].name.canonicalName, self[index].value))
        }
        return found
    }

    /// Sets the field `name` to `value`, as `self[name] = value` does: appended at the end when
    /// there is none, in place of those there are otherwise (through the subscript).
    ///
    /// A response sets each of its fields once, almost always a new one: the subscript's setter
    /// went through its generic path with a `CollectionOfOne` for each (750 instructions a field,
    /// 5,300 a HEAD answer; callgrind, docs/benchmarks.md). One pass by position, lengths first
    /// as in ``joinedValue(canonicalName:separator:)``, finds none.
    public mutating func set(_ value: String, for name: HTTPField.Name) {
        if has(name) { self[name] = value } else { append(HTTPField(name: name, value: value)) }
    }

    /// Sets `field` as ``set(_:for:)`` sets its name and value, appending the field itself when
    /// its name is not there yet. For fields made once and kept, or copied under another name:
    /// making a field checks every byte of its value (about 350 instructions a field of a
    /// response; callgrind, docs/benchmarks.md).
    public mutating func set(_ field: HTTPField) {
        if has(field.name) { self[field.name] = field.value } else { append(field) }
    }

    /// Whether a field is named `name`: one pass by position, lengths first.
    private func has(_ name: HTTPField.Name) -> Bool {
        let canonical = name.canonicalName
        let length = canonical.utf8.count
        return indices.contains { isNamed($0, canonical, length: length) }
    }

    /// The size of the fields as HTTP/1.1 sends them: `name: value` and CRLF each.
    ///
    /// By position: `reduce` handed its closure a copy of each field (2,000 instructions a
    /// request; callgrind, docs/benchmarks.md).
    public var wireBytes: Int {
        var total = 0
        for index in indices { total += self[index].name.rawName.utf8.count + self[index].value.utf8.count + 4 }
        return total
    }

    /// Whether the field at `index` has the canonical name `canonical` of `length` UTF-8 bytes,
    /// read in place; lengths first, as most fields differ in length.
    private func isNamed(_ index: Int, _ canonical: String, length: Int) -> Bool {
        self[index].name.canonicalName.utf8.count == length && self[index].name.canonicalName == canonical
    }
}
