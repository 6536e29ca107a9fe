/// One test of a policy statement's `Condition`: an operator applied to a condition key of the
/// request (`aws:SourceIp`, `aws:SecureTransport`, `s3:prefix`, …) and the values it names.
public struct PolicyCondition: Hashable, Sendable, Codable {
    /// How the key's values are compared with ``values``.
    public var test: ConditionOperator
    /// The condition key, lower-cased (keys are matched without regard to case).
    public var key: String
    /// The values named; any may match. Dates are kept as seconds since the epoch.
    public var values: [String]
    /// `…IfExists`: the test holds when the request has no such key.
    public var ifExists: Bool
    /// `ForAllValues:` (every value of the key must match) or `ForAnyValue:` (one must);
    /// without either, the key's one value.
    public var qualifier: ConditionQualifier

    /// Creates a test.
    public init(_ test: ConditionOperator, key: String, values: [String], ifExists: Bool = false,
                qualifier: ConditionQualifier = .single) {
        self.test = test
        self.key = key.lowercased()
        self.values = values
        self.ifExists = ifExists
        self.qualifier = qualifier
    }

    /// Whether it holds for the request `facts` describe. A key the request does not have fails
    /// a positive test and passes a negated one (`StringNotEquals`, `NotIpAddress`, …), as IAM
    /// evaluates them; `…IfExists` and `ForAllValues:` pass; `Null` tests exactly that.
    func holds(_ facts: PolicyFacts) -> Bool {
        guard let actual = facts.values(for: key), !actual.isEmpty else {
            if test == .null { return values.contains { $0.lowercased() == "true" } }
            return ifExists || qualifier == .forAllValues || test.isNegated
        }
        if test == .null { return values.contains { $0.lowercased() == "false" } }
        let each: (String) -> Bool
        switch test {
        case .stringLike, .stringNotLike, .arnLike, .arnNotLike:
            // Wildcards count here only, and only where the policy wrote them (not in what a
            // variable gave); the other tests compare resolved text as it is.
            let patterns = values.compactMap(facts.resolvePattern)
            each = { a in patterns.contains { $0.matches(a) } != test.isNegated }
        default:
            let values = values.compactMap(facts.resolve)
            each = { a in values.contains { test.compare(a, $0) } != test.isNegated }
        }
        return qualifier == .forAllValues ? actual.allSatisfy(each) : actual.contains(where: each)
    }

    /// Whether it limits where requests come from (a source address range narrower than all of
    /// them, or a named source account, VPC or ARN), so that an allow under it is not public.
    var narrowsTheSource: Bool {
        guard !test.isNegated else { return false }
        switch key {
        case "aws:sourceip":
            return !values.contains { AddressRange($0)?.isEverything ?? false }
        case "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceaccount", "aws:sourceowner",
             "aws:principalaccount", "aws:principalorgid", "aws:principalarn", "aws:userid", "aws:username":
            return !values.contains("*")
        default:
            return false
        }
    }
}

/// How a condition with a multi-valued key reads it.
public enum ConditionQualifier: String, Hashable, Sendable, Codable {
    /// The key's value (any of them, if it has several).
    case single
    /// Every value of the key must match.
    case forAllValues
    /// At least one value of the key must match.
    case forAnyValue
}

/// IAM's condition operators (without `IfExists`, which ``PolicyCondition/ifExists`` holds).
public enum ConditionOperator: String, CaseIterable, Hashable, Sendable, Codable {
    /// Exact string match, and its negation.
    case stringEquals = "StringEquals", stringNotEquals = "StringNotEquals"
    /// String match without regard to case, and its negation.
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase", stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    /// Match with `*` and `?` wildcards, and its negation.
    case stringLike = "StringLike", stringNotLike = "StringNotLike"
    /// Numbers equal, or not.
    case numericEquals = "NumericEquals", numericNotEquals = "NumericNotEquals"
    /// Numbers below.
    case numericLessThan = "NumericLessThan", numericLessThanEquals = "NumericLessThanEquals"
    /// Numbers above.
    case numericGreaterThan = "NumericGreaterThan", numericGreaterThanEquals = "NumericGreaterThanEquals"
    /// Dates equal, or not.
    case dateEquals = "DateEquals", dateNotEquals = "DateNotEquals"
    /// Dates before.
    case dateLessThan = "DateLessThan", dateLessThanEquals = "DateLessThanEquals"
    /// Dates after.
    case dateGreaterThan = "DateGreaterThan", dateGreaterThanEquals = "DateGreaterThanEquals"
    /// `true` or `false`; the base64 of bytes.
    case bool = "Bool", binaryEquals = "BinaryEquals"
    /// An address within a range (CIDR), or outside all of them.
    case ipAddress = "IpAddress", notIpAddress = "NotIpAddress"
    /// ARNs, matched exactly or with wildcards, and their negations.
    case arnEquals = "ArnEquals", arnLike = "ArnLike", arnNotEquals = "ArnNotEquals", arnNotLike = "ArnNotLike"
    /// Whether the key is absent (`true`) or present (`false`).
    case null = "Null"

    /// Whether it holds where its positive form does not (`…Not…`).
    public var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
             .notIpAddress, .arnNotEquals, .arnNotLike:
            true
        default:
            false
        }
    }

    /// Whether its values are dates (kept as seconds since the epoch).
    public var comparesDates: Bool { rawValue.hasPrefix("Date") }

    /// The positive comparison of the request's value `a` with a named value `v` (its wildcards
    /// count only for the `…Like` tests; ``PolicyCondition/holds(_:)`` matches those with the
    /// variables' bytes kept literal).
    func compare(_ a: String, _ v: String) -> Bool {
        switch self {
        case .stringEquals, .stringNotEquals, .arnEquals, .arnNotEquals, .binaryEquals: return a == v
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .bool: return a.lowercased() == v.lowercased()
        case .stringLike, .stringNotLike, .arnLike, .arnNotLike: return Wildcard.matches(v, a)
        case .ipAddress, .notIpAddress: return AddressRange(v)?.contains(a) ?? false
        case .null: return false
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
             .numericGreaterThanEquals, .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals,
             .dateGreaterThan, .dateGreaterThanEquals:
            guard let x = Double(a), let y = Double(v) else { return false }
            switch self {
            case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: return x == y
            case .numericLessThan, .dateLessThan: return x < y
            case .numericLessThanEquals, .dateLessThanEquals: return x <= y
            case .numericGreaterThan, .dateGreaterThan: return x > y
            default: return x >= y
            }
        }
    }
}

/// What a request is, as a policy's conditions read it: the keys the engine knows (the time,
/// who is asking) and those its dialect gives (where it came from, over what, its headers and
/// parameters).
public struct PolicyFacts: Sendable {
    /// When the request is judged.
    public var now: Timestamp
    /// Who is asking.
    public var caller: Owner
    /// The dialect's keys (lower-cased names), or `nil` when it gave none.
    public var request: RequestFacts?

    /// Creates the facts of one decision.
    public init(now: Timestamp, caller: Owner, request: RequestFacts?) {
        self.now = now
        self.caller = caller
        self.request = request
    }

    /// `text` with its policy variables replaced: `${key}` by the key's value, `${*}`, `${?}`
    /// and `${$}` by those characters; `nil` when a variable's key has no value here.
    func resolve(_ text: String) -> String? {
        guard text.contains("${") else { return text }
        return resolvePattern(text)?.text
    }

    /// `text` as a pattern, its policy variables replaced as ``resolve(_:)`` does; what they
    /// give matches only itself (``WildcardPattern``). `nil` when a variable's key has no
    /// value here.
    func resolvePattern(_ text: String) -> WildcardPattern? {
        guard text.contains("${") else { return WildcardPattern(wild: text) }
        var out = WildcardPattern()
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out.append(wild: rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out.append(wild: rest[open.lowerBound...])
                return out
            }
            let name = rest[open.upperBound..<close]
            switch name {
            case "*", "?", "$": out.append(literal: name)
            default:
                guard let value = values(for: name.lowercased())?.first else { return nil }
                out.append(literal: Substring(value))
            }
            rest = rest[rest.index(after: close)...]
        }
        out.append(wild: rest)
        return out
    }

    /// The values of `key` (lower-cased), or `nil` when the request has no such key.
    func values(for key: String) -> [String]? {
        switch key {
        case "aws:currenttime", "aws:epochtime": return [String(now.microseconds / 1_000_000)]
        case "aws:principaltype": return [caller.isAnonymous ? "Anonymous" : "User"]
        case "aws:userid": return caller.isAnonymous ? nil : [caller.id]
        case "aws:username": return caller.isAnonymous ? nil : [caller.displayName]
        default: return request?(key)
        }
    }
}

/// A dialect's condition keys of one request: the values of a key (lower-cased), or `nil`.
public typealias RequestFacts = @Sendable (String) -> [String]?
