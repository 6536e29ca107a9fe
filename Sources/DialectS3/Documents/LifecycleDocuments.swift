public import TesseraCore
import TesseraHTTP

/// `LifecycleConfiguration` documents. Only `AbortIncompleteMultipartUpload` is enforced, so a
/// rule with any other action is refused with NotImplemented instead of being stored and ignored.
public enum LifecycleDocuments {
    /// Actions S3 defines that the engine does not enforce.
    static let unenforcedActions = ["Expiration", "Transition", "NoncurrentVersionExpiration", "NoncurrentVersionTransition"]

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
            throw StorageError(.notImplemented, "Tessera enforces only AbortIncompleteMultipartUpload; the \(action) action is not implemented, so the rule was not stored.")
        }
        let enabled: Bool
        switch e.child("Status")?.text {
        case "Enabled": enabled = true
        case "Disabled": enabled = false
        default: throw MultipartDocuments.malformed
        }
        let legacyPrefix = e.child("Prefix")
        let filter = e.child("Filter")
        if legacyPrefix != nil && filter != nil { throw MultipartDocuments.malformed }
        var prefix = legacyPrefix?.text ?? ""
        if let filter {
            if filter.child("Tag") != nil || filter.child("And") != nil {
                throw StorageError(.invalidRequest, "AbortIncompleteMultipartUpload cannot be specified with Tags.")
            }
            if filter.child("ObjectSizeGreaterThan") != nil || filter.child("ObjectSizeLessThan") != nil {
                throw StorageError(.notImplemented, "Object size filters are not implemented.")
            }
            prefix = filter.child("Prefix")?.text ?? ""
        }
        guard let action = e.child("AbortIncompleteMultipartUpload") else {
            throw StorageError(.malformedDocument, "At least one action needs to be specified in a rule")
        }
        let byInitiation = action.child("DaysAfterInitiation")
        let byLastPart = action.child("DaysAfterLastPart")
        guard (byInitiation == nil) != (byLastPart == nil), let daysText = (byInitiation ?? byLastPart)?.text.trimmingSpaces(),
              let days = Int(daysText) else { throw MultipartDocuments.malformed }
        let id = e.child("ID")?.text ?? Identifiers.hex(Identifiers.randomBytes(16))
        return try LifecycleRule(id: id, enabled: enabled, prefix: prefix,
                                 abortIncompleteUpload: AbortIncompleteUpload(days: days, basis: byInitiation != nil ? .initiation : .lastActivity))
    }

    /// Renders the rules as S3's document (also `tessera lifecycle get --xml`).
    public static func render(_ c: LifecycleConfiguration) -> String {
        var x = XMLWriter()
        x.open("LifecycleConfiguration", xmlns: s3Namespace)
        for rule in c.rules {
            x.element("Rule") { x in
                x.element("ID", rule.id)
                x.element("Filter") { $0.element("Prefix", rule.prefix) }
                x.element("Status", rule.enabled ? "Enabled" : "Disabled")
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
