import Foundation
import TesseraCore
import TesseraHTTP

/// BOS lifecycle documents (`{"rule":[{id, status, resource, condition, action}]}`). The
/// `AbortMultipartUpload` action maps onto the engine's abort rule: `$(lastModified)+P<n>D`
/// counts from initiation, and Tessera's `$(lastPart)+P<n>D` from the last part. `DeleteObject`
/// maps onto its expiration: `$(lastModified)+P<n>D` days after an object was written, or an
/// absolute UTC midnight (`2027-01-01T00:00:00Z`). Other actions, and an absolute date for an
/// abort, are refused with NotImplemented rather than stored and ignored.
enum LifecycleDocuments {
    private struct Body: Decodable {
        struct Rule: Decodable {
            struct Condition: Decodable {
                struct Time: Decodable { var dateGreaterThan: String }
                var time: Time?
            }
            struct Action: Decodable { var name: String }
            var id: String?
            var status: String
            var resource: [String]
            var condition: Condition
            var action: Action
        }
        var rule: [Rule]
    }

    static func parse(_ bytes: [UInt8], bucket: BucketName) throws(StorageError) -> LifecycleConfiguration {
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(bytes)) } catch { throw RequestDocuments.inappropriate }
        var rules: [LifecycleRule] = []
        for r in body.rule {
            guard r.action.name == "AbortMultipartUpload" || r.action.name == "DeleteObject" else {
                throw StorageError(.notImplemented, "Tessera enforces only the AbortMultipartUpload and DeleteObject actions; \(r.action.name) is not implemented, so the rule was not stored.")
            }
            let enabled: Bool
            switch r.status {
            case "enabled": enabled = true
            case "disabled": enabled = false
            default: throw RequestDocuments.inappropriate
            }
            guard r.resource.count == 1 else {
                throw StorageError(.notImplemented, "A rule must name exactly one resource (bucket/prefix*).")
            }
            let id = r.id ?? Identifiers.hex(Identifiers.randomBytes(16))
            let prefix = try prefix(r.resource[0], bucket: bucket)
            if r.action.name == "DeleteObject" {
                rules.append(try LifecycleRule(id: id, enabled: enabled, prefix: prefix, abortIncompleteUpload: nil,
                                               expiration: try expiration(r.condition.time?.dateGreaterThan)))
            } else {
                let (days, basis) = try period(r.condition.time?.dateGreaterThan)
                rules.append(try LifecycleRule(id: id, enabled: enabled, prefix: prefix,
                                               abortIncompleteUpload: AbortIncompleteUpload(days: days, basis: basis)))
            }
        }
        return try LifecycleConfiguration(rules: rules)
    }

    /// `bucket/prefix*` → `prefix`; the resource must name this bucket and end with `*`.
    private static func prefix(_ resource: String, bucket: BucketName) throws(StorageError) -> String {
        let head = bucket.value + "/"
        guard resource.hasPrefix(head), resource.hasSuffix("*") else {
            throw StorageError.invalidArgument("The resource must be \(head)<prefix>*.", name: "resource", value: resource)
        }
        return String(resource.dropFirst(head.count).dropLast())
    }

    /// `$(lastModified)+P7D` → (7, initiation); `$(lastPart)+P7D` → (7, lastActivity).
    private static func period(_ text: String?) throws(StorageError) -> (Int, ExpiryBasis) {
        guard let text else { throw RequestDocuments.inappropriate }
        for (variable, basis) in [("$(lastModified)+P", ExpiryBasis.initiation), ("$(lastPart)+P", .lastActivity)] where text.hasPrefix(variable) {
            let rest = text.dropFirst(variable.count)
            guard rest.hasSuffix("D"), let days = Int(rest.dropLast()) else { throw RequestDocuments.inappropriate }
            return (days, basis)
        }
        throw StorageError(.notImplemented, "Only relative periods ($(lastModified)+P<n>D) are implemented for AbortMultipartUpload.")
    }

    /// `$(lastModified)+P7D` → 7 days; `2027-01-01T00:00:00Z` → that date (BOS's absolute form:
    /// the action applies once the date has passed).
    private static func expiration(_ text: String?) throws(StorageError) -> ObjectExpiration {
        guard let text else { throw RequestDocuments.inappropriate }
        if text.hasPrefix("$(") {
            // The abort's variables; an object's expiry counts only from its write.
            let (days, basis) = try period(text)
            guard basis == .initiation else {
                throw StorageError.invalidArgument("DeleteObject counts days from $(lastModified).", name: "dateGreaterThan", value: text)
            }
            return .days(days)
        }
        guard let date = Timestamp(iso8601: text) else {
            throw StorageError.invalidArgument("The time must be $(lastModified)+P<n>D or a UTC midnight (yyyy-mm-ddT00:00:00Z).",
                                               name: "dateGreaterThan", value: text)
        }
        return .date(date)
    }

    static func render(_ c: LifecycleConfiguration, bucket: BucketName) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("rule")
        for rule in c.rules {
            if let a = rule.abortIncompleteUpload {
                Self.render(rule, id: rule.id, bucket: bucket, time: "$(\(a.basis == .initiation ? "lastModified" : "lastPart"))+P\(a.days)D",
                            action: "AbortMultipartUpload", to: &j)
            }
            // BOS has no tag or size filter and no delete markers: a rule written through S3
            // with them is not shown here rather than shown selecting more than it does.
            if let e = rule.expiration, !rule.filtersBeyondPrefix {
                let time: String
                switch e {
                case .days(let days): time = "$(lastModified)+P\(days)D"
                case .date(let date): time = date.iso8601Seconds
                case .expiredObjectDeleteMarker: continue
                }
                // One action a BOS rule: a rule that also aborts shows its expiration under another id.
                Self.render(rule, id: rule.abortIncompleteUpload == nil ? rule.id : rule.id + "-DeleteObject", bucket: bucket,
                            time: time, action: "DeleteObject", to: &j)
            }
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }

    private static func render(_ rule: LifecycleRule, id: String, bucket: BucketName, time: String, action: String, to j: inout JSONWriter) {
        j.openObject()
        j.string("id", id)
        j.string("status", rule.enabled ? "enabled" : "disabled")
        j.openArray("resource")
        j.string(nil, "\(bucket.value)/\(rule.prefix)*")
        j.closeArray()
        j.openObject("condition")
        j.openObject("time")
        j.string("dateGreaterThan", time)
        j.closeObject()
        j.closeObject()
        j.openObject("action")
        j.string("name", action)
        j.closeObject()
        j.closeObject()
    }
}
