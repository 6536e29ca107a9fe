import Foundation
import TesseraCore
import TesseraHTTP

/// BOS lifecycle documents (`{"rule":[{id, status, resource, condition, action}]}`). The
/// `AbortMultipartUpload` action maps onto the engine's abort rule; `$(lastModified)+P<n>D`
/// counts from initiation, and Tessera's `$(lastPart)+P<n>D` from the last part. Other actions
/// and absolute dates are refused with NotImplemented rather than stored and ignored.
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
            guard r.action.name == "AbortMultipartUpload" else {
                throw StorageError(.notImplemented, "Tessera enforces only the AbortMultipartUpload action; \(r.action.name) is not implemented, so the rule was not stored.")
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
            let (days, basis) = try period(r.condition.time?.dateGreaterThan)
            rules.append(try LifecycleRule(id: r.id ?? Identifiers.hex(Identifiers.randomBytes(16)), enabled: enabled,
                                           prefix: try prefix(r.resource[0], bucket: bucket),
                                           abortIncompleteUpload: AbortIncompleteUpload(days: days, basis: basis)))
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

    static func render(_ c: LifecycleConfiguration, bucket: BucketName) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("rule")
        for rule in c.rules {
            j.openObject()
            j.string("id", rule.id)
            j.string("status", rule.enabled ? "enabled" : "disabled")
            j.openArray("resource")
            j.string(nil, "\(bucket.value)/\(rule.prefix)*")
            j.closeArray()
            j.openObject("condition")
            j.openObject("time")
            if let a = rule.abortIncompleteUpload {
                j.string("dateGreaterThan", "$(\(a.basis == .initiation ? "lastModified" : "lastPart"))+P\(a.days)D")
            }
            j.closeObject()
            j.closeObject()
            j.openObject("action")
            j.string("name", "AbortMultipartUpload")
            j.closeObject()
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
