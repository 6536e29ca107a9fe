import TesseraCore
import TesseraHTTP

extension LifecycleDocuments {
    /// A rule's `<Filter>`: one of `Prefix`, `Tag`, `ObjectSizeGreaterThan`,
    /// `ObjectSizeLessThan`, or `And` over several of them (an empty filter selects every key).
    struct Filter {
        var prefix = ""
        var tags: [ObjectTag] = []
        var above: Int64?
        var below: Int64?

        init(prefix: String) { self.prefix = prefix }

        /// The filter a stored rule has.
        init(_ rule: LifecycleRule) {
            prefix = rule.prefix
            tags = rule.tags
            above = rule.objectSizeGreaterThan
            below = rule.objectSizeLessThan
        }

        /// Reads `<Filter>`; more than one predicate outside `And`, or an unknown element, is MalformedXML.
        init(_ e: XMLElement) throws(StorageError) {
            guard e.children.count <= 1 else { throw MultipartDocuments.malformed }
            guard let only = e.children.first else { return }
            if only.name == "And" {
                for p in only.children { try read(p) }
            } else {
                try read(only)
            }
        }

        private mutating func read(_ p: XMLElement) throws(StorageError) {
            switch p.name {
            case "Prefix":
                prefix = p.text
            case "Tag":
                guard let key = p.child("Key")?.text else { throw MultipartDocuments.malformed }
                tags.append(ObjectTag(key: key, value: p.child("Value")?.text ?? ""))
            case "ObjectSizeGreaterThan":
                above = try Self.size(p)
            case "ObjectSizeLessThan":
                below = try Self.size(p)
            default:
                throw MultipartDocuments.malformed
            }
        }

        private static func size(_ p: XMLElement) throws(StorageError) -> Int64 {
            guard let n = Int64(p.text.trimmingSpaces()) else {
                throw StorageError.invalidArgument("\(p.name) must be a non-negative integer", name: p.name, value: p.text)
            }
            return n
        }

        /// Writes the filter's one predicate as it is, or several under `And`.
        func render(_ x: inout XMLWriter) {
            let count = (prefix.isEmpty ? 0 : 1) + tags.count + (above == nil ? 0 : 1) + (below == nil ? 0 : 1)
            if count <= 1 && tags.isEmpty && above == nil && below == nil {
                x.element("Prefix", prefix)
            } else if count == 1 {
                predicates(&x, prefix: false)
            } else {
                x.element("And") { predicates(&$0, prefix: !prefix.isEmpty) }
            }
        }

        private func predicates(_ x: inout XMLWriter, prefix withPrefix: Bool) {
            if withPrefix { x.element("Prefix", prefix) }
            for tag in tags {
                x.element("Tag") { x in
                    x.element("Key", tag.key)
                    x.element("Value", tag.value)
                }
            }
            if let above { x.element("ObjectSizeGreaterThan", String(above)) }
            if let below { x.element("ObjectSizeLessThan", String(below)) }
        }
    }
}
