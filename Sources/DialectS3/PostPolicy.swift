import Foundation
import TesseraCore
import TesseraHTTP

/// The policy of a browser's form upload (S3's POST Object): until when the form may be used,
/// and the conditions its fields and its file's size must meet. Every field the form sends must
/// be named by a condition, but the signature, the policy, the file, SigV2's key id and
/// `x-ignore-` fields, as S3 requires.
struct PostPolicy: Equatable {
    /// One condition.
    enum Condition: Equatable {
        /// The field (lowercased) has exactly this value.
        case equals(String, String)
        /// The field's value begins with this (empty: any value).
        case startsWith(String, String)
        /// The file's size is within these bounds.
        case length(ClosedRange<Int64>)
    }

    /// The end of the policy's life.
    var expiration: Timestamp
    /// The conditions, in order.
    var conditions: [Condition]

    /// Fields no condition needs to name.
    static let exempt: Set<String> = ["x-amz-signature", "file", "policy", "awsaccesskeyid", "signature"]

    /// The bounds of the file's size, if a condition sets them.
    var lengthRange: ClosedRange<Int64>? {
        conditions.lazy.compactMap { if case .length(let r) = $0 { r } else { nil } }.first
    }

    /// Reads the base64 JSON policy of a form; `invalidPolicy` for what is not one.
    static func parse(base64 text: String) throws(WireError) -> PostPolicy {
        func invalid(_ why: String) -> WireError { WireError(.invalidPolicy, "Invalid Policy: \(why)") }
        guard let bytes = Base64.decode(text) else { throw invalid("Invalid Base64 Encoding.") }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { throw invalid("Invalid JSON.") }
        guard let expiry = json["expiration"] as? String, let expiration = Timestamp(iso8601: expiry) else {
            throw invalid("Policy missing expiration.")
        }
        guard let list = json["conditions"] as? [Any] else { throw invalid("Policy missing conditions.") }
        var conditions: [Condition] = []
        for entry in list {
            if let pairs = entry as? [String: Any] {
                for (name, value) in pairs {
                    guard let value = value as? String else { throw invalid("Invalid Condition.") }
                    conditions.append(.equals(name.lowercased(), value))
                }
                continue
            }
            guard let items = entry as? [Any], items.count == 3, let op = (items[0] as? String)?.lowercased() else {
                throw invalid("Invalid Condition.")
            }
            if op == "content-length-range" {
                guard let low = number(items[1]), let high = number(items[2]), low >= 0, low <= high else {
                    throw invalid("Invalid content-length-range.")
                }
                conditions.append(.length(low...high))
                continue
            }
            guard let field = items[1] as? String, field.hasPrefix("$"), let value = items[2] as? String else {
                throw invalid("Invalid Condition.")
            }
            let name = field.dropFirst().lowercased()
            switch op {
            case "eq": conditions.append(.equals(name, value))
            case "starts-with": conditions.append(.startsWith(name, value))
            default: throw invalid("Invalid Condition: unknown operation \(op).")
            }
        }
        return PostPolicy(expiration: expiration, conditions: conditions)
    }

    /// A JSON number, or a string of digits, as an integer.
    private static func number(_ value: Any) -> Int64? {
        if let s = value as? String { return Int64(s) }
        if let n = value as? NSNumber { return Int64(exactly: n.doubleValue) }
        return nil
    }

    /// Checks the form's `fields` (names lowercased, with `bucket` the request's bucket) against
    /// the policy at `now`: S3's 403 AccessDenied "Invalid according to Policy: …" for an
    /// expired policy, a failed condition or a field no condition names.
    func check(_ fields: [String: String], now: Timestamp) throws(StorageError) {
        func denied(_ why: String) -> StorageError { .accessDenied("Invalid according to Policy: \(why)") }
        guard now.microseconds < expiration.microseconds else { throw denied("Policy expired.") }
        var named: Set<String> = ["bucket"]
        for c in conditions {
            switch c {
            case .equals(let name, let value):
                named.insert(name)
                guard fields[name] == value else { throw denied("Policy Condition failed: [\"eq\", \"$\(name)\", \"\(value)\"]") }
            case .startsWith(let name, let prefix):
                named.insert(name)
                guard (fields[name] ?? "").hasPrefix(prefix) else {
                    throw denied("Policy Condition failed: [\"starts-with\", \"$\(name)\", \"\(prefix)\"]")
                }
            case .length:
                break
            }
        }
        if let extra = fields.keys.sorted().first(where: { !named.contains($0) && !Self.exempt.contains($0) && !$0.hasPrefix("x-ignore-") }) {
            throw denied("Extra input fields: \(extra)")
        }
    }
}
