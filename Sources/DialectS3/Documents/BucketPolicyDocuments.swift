import Foundation
import TesseraCore
import TesseraHTTP

/// S3's bucket policy document (IAM's JSON policy language): read into a ``BucketPolicy`` for
/// PutBucketPolicy, with S3's `MalformedPolicy` and its messages for what is not one; and
/// GetBucketPolicyStatus's answer.
enum BucketPolicyDocuments {
    /// S3's limit on a bucket policy's size.
    static let maximumSize = 20 * 1024

    /// The policy `bytes` hold, checked as S3 checks it (the engine then checks that its
    /// resources are the bucket's).
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> BucketPolicy {
        guard bytes.count <= maximumSize else { throw malformed("Policies must be less than 20 KB in size") }
        guard bytes.first(where: { !Self.isSpace($0) }) == UInt8(ascii: "{"),
              let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw malformed("Policies must be valid JSON and the first byte must be '{'")
        }
        for field in json.keys where !["Version", "Id", "Statement"].contains(field) { throw malformed("Unknown field \(field)") }
        if let version = json["Version"] {
            guard let v = version as? String, v == "2012-10-17" || v == "2008-10-17" else {
                throw malformed("The policy must contain a valid version string")
            }
        }
        let list: [Any]
        switch json["Statement"] {
        case let one as [String: Any]: list = [one]
        case let many as [Any] where !many.isEmpty: list = many
        default: throw malformed("Missing required field Statement")
        }
        var statements: [PolicyStatement] = []
        for entry in list {
            guard let s = entry as? [String: Any] else { throw malformed("Statement is not an object") }
            statements.append(try statement(s))
        }
        return BucketPolicy(document: String(decoding: bytes, as: UTF8.self), statements: statements)
    }

    /// GetBucketPolicyStatus's `PolicyStatus`.
    static func status(isPublic: Bool) -> String {
        var x = XMLWriter()
        x.open("PolicyStatus", xmlns: s3Namespace)
        x.element("IsPublic", isPublic ? "true" : "false")
        x.close("PolicyStatus")
        return x.document
    }

    private static let statementFields: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    private static func statement(_ s: [String: Any]) throws(StorageError) -> PolicyStatement {
        for field in s.keys where !statementFields.contains(field) { throw malformed("Unknown field \(field)") }
        let allows: Bool
        switch s["Effect"] {
        case nil: throw malformed("Missing required field Effect")
        case let e as String where e == "Allow" || e == "Deny": allows = e == "Allow"
        case let e: throw malformed("Invalid effect: \(e.map { "\($0)" } ?? "")")
        }
        guard let principalValue = s["Principal"] ?? s["NotPrincipal"] else { throw malformed("Missing required field Principal") }
        var principals = try PolicyPrincipals.parse(principalValue)
        principals.negated = s["Principal"] == nil
        guard let actionValue = s["Action"] ?? s["NotAction"] else { throw malformed("Missing required field Action") }
        guard let resourceValue = s["Resource"] ?? s["NotResource"] else { throw malformed("Missing required field Resource") }
        return PolicyStatement(
            allows: allows, principals: principals,
            actions: try actions(actionValue), actionsNegated: s["Action"] == nil,
            resources: try resources(resourceValue), resourcesNegated: s["Resource"] == nil,
            conditions: try s["Condition"].map(PolicyConditions.parse) ?? [])
    }

    /// The actions `value` names (a string or a list), each `s3:` and a name with wildcards.
    private static func actions(_ value: Any) throws(StorageError) -> Set<AccessAction> {
        let names = try strings(value, or: "Policy has invalid action")
        var found: Set<AccessAction> = []
        for name in names {
            let lower = name.lowercased()
            let pattern: Substring
            if lower == "*" {
                pattern = "*"
            } else if lower.hasPrefix("s3:") {
                pattern = lower.dropFirst(3)
            } else {
                throw malformed("Policy has invalid action")
            }
            guard !pattern.isEmpty, pattern.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "*" || $0 == "?") }) else {
                throw malformed("Policy has invalid action")
            }
            for action in AccessAction.allCases where action != .readUnsetConfiguration
                && Wildcard.matches(String(pattern), action.rawValue.lowercased()) {
                found.insert(action)
            }
        }
        return found
    }

    /// The resources `value` names: `arn:aws:s3:::bucket[/key]` or `*`.
    private static func resources(_ value: Any) throws(StorageError) -> [ResourcePattern] {
        try strings(value, or: "Policy has invalid resource").map { (text: String) throws(StorageError) -> ResourcePattern in
            if text == "*" { return ResourcePattern("*") }
            let prefix = "arn:aws:s3:::"
            guard text.hasPrefix(prefix), text.count > prefix.count else { throw malformed("Policy has invalid resource") }
            return ResourcePattern(String(text.dropFirst(prefix.count)))
        }
    }

    /// A string or a non-empty list of strings.
    static func strings(_ value: Any, or message: String) throws(StorageError) -> [String] {
        if let one = value as? String { return [one] }
        guard let list = value as? [Any], !list.isEmpty else { throw malformed(message) }
        var out: [String] = []
        for item in list {
            guard let s = item as? String else { throw malformed(message) }
            out.append(s)
        }
        return out
    }

    static func malformed(_ message: String) -> StorageError { StorageError(.malformedPolicy, message) }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
