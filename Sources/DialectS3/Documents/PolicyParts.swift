import Foundation
import TesseraCore
import TesseraHTTP

/// A policy statement's `Principal` (or `NotPrincipal`): `"*"`, or an object of kinds (`AWS`,
/// `CanonicalUser`, `Service`, `Federated`) each with a name or a list. An AWS principal names a
/// Tessera user by canonical id, by account (`123456789012`, `arn:aws:iam::<account>:root`,
/// where the account is the user's canonical id) or by user name (`arn:aws:iam::<account>:user/<name>`,
/// the user's display name). Services and federated principals are kept as no one here.
enum PolicyPrincipals {
    static func parse(_ value: Any) throws(StorageError) -> PrincipalMatch {
        let invalid = BucketPolicyDocuments.malformed("Invalid principal in policy")
        if let s = value as? String {
            guard s == "*" else { throw invalid }
            return .anyone
        }
        guard let kinds = value as? [String: Any], !kinds.isEmpty else { throw invalid }
        var match = PrincipalMatch()
        for (kind, names) in kinds {
            let list = try BucketPolicyDocuments.strings(names, or: "Invalid principal in policy")
            switch kind {
            case "AWS":
                for name in list {
                    if name == "*" { match.everyone = true; continue }
                    guard let named = awsName(name) else { throw invalid }
                    match.names.insert(named)
                }
            case "CanonicalUser":
                for name in list where !name.isEmpty { match.names.insert(name) }
            case "Service", "Federated":
                guard list.allSatisfy({ !$0.isEmpty }) else { throw invalid }
            default:
                throw invalid
            }
        }
        return match
    }

    /// The name an AWS principal gives a Tessera user: an account's canonical id, or a user's
    /// display name; `nil` for what is not an AWS principal.
    static func awsName(_ text: String) -> String? {
        guard text.hasPrefix("arn:") else { return text.isEmpty || text.contains(":") ? nil : text }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[1] == "aws" || parts[1].hasPrefix("aws-"), parts[2] == "iam", !parts[4].isEmpty else { return nil }
        let resource = parts[5]
        if resource == "root" { return String(parts[4]) }
        if resource.hasPrefix("user/"), let name = resource.split(separator: "/").last, resource.count > 5 { return String(name) }
        return resource.isEmpty ? nil : text  // a role or another kind: kept whole, names no Tessera user
    }
}

/// A policy statement's `Condition`: `{ "<operator>": { "<key>": <value or list>, … }, … }`.
enum PolicyConditions {
    static func parse(_ value: Any) throws(StorageError) -> [PolicyCondition] {
        guard let operators = value as? [String: Any] else { throw BucketPolicyDocuments.malformed("Invalid Condition block") }
        var out: [PolicyCondition] = []
        for (name, keys) in operators {
            let (test, ifExists, qualifier) = try operatorName(name)
            guard let keys = keys as? [String: Any], !keys.isEmpty else {
                throw BucketPolicyDocuments.malformed("Invalid Condition block for \(name)")
            }
            for (key, raw) in keys {
                let values = try conditionValues(raw, for: test, name: name)
                out.append(PolicyCondition(test, key: key, values: values, ifExists: ifExists, qualifier: qualifier))
            }
        }
        // In one order whatever the JSON object's (a dictionary's is not even the same twice).
        return out.sorted { ($0.test.rawValue, $0.key, $0.ifExists ? 1 : 0, $0.qualifier.rawValue) < ($1.test.rawValue, $1.key, $1.ifExists ? 1 : 0, $1.qualifier.rawValue) }
    }

    /// `ForAnyValue:StringLikeIfExists` → (StringLike, IfExists, ForAnyValue), case ignored.
    private static func operatorName(_ name: String) throws(StorageError) -> (ConditionOperator, Bool, ConditionQualifier) {
        var rest = Substring(name)
        var qualifier = ConditionQualifier.single
        for (prefix, q) in [("forallvalues:", ConditionQualifier.forAllValues), ("foranyvalue:", .forAnyValue)]
        where rest.lowercased().hasPrefix(prefix) {
            qualifier = q
            rest = rest.dropFirst(prefix.count)
        }
        var ifExists = false
        if rest.lowercased().hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("ifexists".count)
        }
        guard let test = ConditionOperator.allCases.first(where: { $0.rawValue.lowercased() == rest.lowercased() }),
              !(ifExists && test == .null) else {
            throw BucketPolicyDocuments.malformed("Invalid Condition type : \(name)")
        }
        return (test, ifExists, qualifier)
    }

    /// A condition's values as text (strings, numbers and booleans), dates as seconds since the
    /// epoch, address ranges checked.
    private static func conditionValues(_ raw: Any, for test: ConditionOperator, name: String) throws(StorageError) -> [String] {
        let items: [Any] = (raw as? [Any]) ?? [raw]
        guard !items.isEmpty else { throw BucketPolicyDocuments.malformed("Invalid Condition value for \(name)") }
        var out: [String] = []
        for item in items {
            let text: String
            switch item {
            case let s as String: text = s
            case let n as NSNumber where String(describing: type(of: n)).contains("Boolean"): text = n.boolValue ? "true" : "false"
            case let n as NSNumber: text = n.stringValue
            default: throw BucketPolicyDocuments.malformed("Invalid Condition value for \(name)")
            }
            if test.comparesDates {
                // Seconds within ±285 million years (what an Int64 of microseconds holds).
                guard let seconds = Double(text).flatMap({ $0.magnitude < 9e15 ? String(Int64($0)) : nil })
                        ?? Timestamp(iso8601: text).map({ String($0.microseconds / 1_000_000) }) else {
                    throw BucketPolicyDocuments.malformed("Invalid Condition value for \(name): \(text)")
                }
                out.append(seconds)
            } else if test == .ipAddress || test == .notIpAddress {
                guard AddressRange(text) != nil else { throw BucketPolicyDocuments.malformed("Invalid IP address: \(text)") }
                out.append(text)
            } else {
                out.append(text)
            }
        }
        return out
    }
}
