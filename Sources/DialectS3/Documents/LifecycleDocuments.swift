public import TesseraCore
import TesseraHTTP

/// `LifecycleConfiguration` documents. `AbortIncompleteMultipartUpload` and `Expiration` are
/// enforced, so a rule with any other action (transitions, noncurrent versions) is refused with
/// NotImplemented instead of being stored and ignored.
public enum LifecycleDocuments {
    /// Actions S3 defines that the engine does not enforce.
    static let unenforcedActions = ["Transition", "NoncurrentVersionExpiration", "NoncurrentVersionTransition"]

    /// Parses a `LifecycleConfiguration` document (also `tessera lifecycle set --file`).
    public static func parse(_ bytes: [UInt8]) throws(StorageError) -> LifecycleConfiguration {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "LifecycleConfiguration" else { throw MultipartDocuments.malformed }
        var rules: [LifecycleRule] = []
        for element in root.children {
            guard element.name == "Rule" else { throw MultipartDocuments.malformed }
            rules.append(try rule(element))
        }
        return try LifecycleConfiguration(rules: rules)
    }

    private static func rule(_ e: XMLElement) throws(StorageError) -> LifecycleRule {
        for action in unenforcedActions where e.child(action) != nil {
            throw StorageError(.notImplemented, "Tessera enforces only AbortIncompleteMultipartUpload and Expiration; the \(action) action is not implemented, so the rule was not stored.")
        }
        let enabled: Bool
        switch e.child("Status")?.text {
        case "Enabled": enabled = true
        case "Disabled": enabled = false
        default: throw MultipartDocuments.malformed
        }
        let legacyPrefix = e.child("Prefix")
        let filterElement = e.child("Filter")
        if legacyPrefix != nil && filterElement != nil { throw MultipartDocuments.malformed }
        let filter = try filterElement.map(Filter.init) ?? Filter(prefix: legacyPrefix?.text ?? "")
        var abort: AbortIncompleteUpload?
        if let action = e.child("AbortIncompleteMultipartUpload") {
            let byInitiation = action.child("DaysAfterInitiation")
            let byLastPart = action.child("DaysAfterLastPart")
            guard (byInitiation == nil) != (byLastPart == nil), let days = integer((byInitiation ?? byLastPart)?.text) else {
                throw MultipartDocuments.malformed
            }
            abort = AbortIncompleteUpload(days: days, basis: byInitiation != nil ? .initiation : .lastActivity)
        }
        let id = e.child("ID")?.text ?? Identifiers.hex(Identifiers.randomBytes(16))
        return try LifecycleRule(id: id, enabled: enabled, prefix: filter.prefix, tags: filter.tags,
                                 objectSizeGreaterThan: filter.above, objectSizeLessThan: filter.below,
                                 abortIncompleteUpload: abort, expiration: try e.child("Expiration").map(expiration))
    }

    /// `<Expiration>` with exactly one of `Days`, `Date` and `ExpiredObjectDeleteMarker`.
    private static func expiration(_ e: XMLElement) throws(StorageError) -> ObjectExpiration {
        let given = ["Days", "Date", "ExpiredObjectDeleteMarker"].filter { e.child($0) != nil }
        guard given.count == 1 else { throw MultipartDocuments.malformed }
        if let days = e.child("Days") {
            guard let n = integer(days.text) else { throw MultipartDocuments.malformed }
            return .days(n)
        }
        if let date = e.child("Date") {
            let text = date.text.trimmingSpaces()
            // S3 takes a date alone (`2027-01-01`) as well as ISO 8601 (what botocore sends).
            guard let t = Timestamp(iso8601: text) ?? Timestamp(iso8601: text + "T00:00:00Z") else {
                throw StorageError.invalidArgument("Invalid date, must be in ISO 8601 format", name: "Date", value: text)
            }
            return .date(t)
        }
        guard e.child("ExpiredObjectDeleteMarker")?.text.trimmingSpaces() == "true" else {
            throw StorageError(.malformedDocument, "ExpiredObjectDeleteMarker may only be true.")
        }
        return .expiredObjectDeleteMarker
    }

    private static func integer(_ text: String?) -> Int? {
        text.flatMap { Int($0.trimmingSpaces()) }
    }

    /// Renders the rules as S3's document (also `tessera lifecycle get --xml`).
    public static func render(_ c: LifecycleConfiguration) -> String {
        var x = XMLWriter()
        x.open("LifecycleConfiguration", xmlns: s3Namespace)
        for rule in c.rules {
            x.element("Rule") { x in
                x.element("ID", rule.id)
                x.element("Filter") { Filter(rule).render(&$0) }
                x.element("Status", rule.enabled ? "Enabled" : "Disabled")
                if let e = rule.expiration {
                    x.element("Expiration") { x in
                        switch e {
                        case .days(let days): x.element("Days", String(days))
                        case .date(let date): x.element("Date", iso8601: date)
                        case .expiredObjectDeleteMarker: x.element("ExpiredObjectDeleteMarker", literal: "true")
                        }
                    }
                }
                if let a = rule.abortIncompleteUpload {
                    x.element("AbortIncompleteMultipartUpload") {
                        $0.element(a.basis == .initiation ? "DaysAfterInitiation" : "DaysAfterLastPart", String(a.days))
                    }
                }
            }
        }
        x.close("LifecycleConfiguration")
        return x.document
    }
}
