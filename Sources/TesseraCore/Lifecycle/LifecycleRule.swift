/// A bucket's lifecycle configuration: the rules the reaper enforces.
///
/// The engine enforces exactly one action, aborting incomplete multipart uploads. Dialects refuse
/// any other action with `notImplemented` rather than storing a rule nobody would run.
public struct LifecycleConfiguration: Hashable, Sendable, Codable {
    /// The rules, in the order they were given.
    public var rules: [LifecycleRule]

    /// Most rules one bucket may have (S3's limit).
    public static let maxRules = 1000

    /// Creates a configuration; throws `invalidArgument` or `malformedDocument` when a rule is unusable.
    public init(rules: [LifecycleRule]) throws(StorageError) {
        guard !rules.isEmpty else { throw StorageError(.malformedDocument, "A lifecycle configuration needs at least one rule.") }
        guard rules.count <= Self.maxRules else {
            throw StorageError.invalidArgument("A lifecycle configuration may hold at most \(Self.maxRules) rules.", name: "Rule", value: String(rules.count))
        }
        var seen = Set<String>()
        for rule in rules {
            guard seen.insert(rule.id).inserted else {
                throw StorageError.invalidArgument("Rule ID must be unique. Found same ID for more than one rule", name: "ID", value: rule.id)
            }
        }
        self.rules = rules
    }

    /// When, and by which rule, an upload of `key` will be aborted; `nil` when no enabled rule applies.
    /// With several rules the earliest date wins.
    public func abortSchedule(key: ObjectKey, initiated: Timestamp, lastActivity: Timestamp) -> AbortSchedule? {
        var best: AbortSchedule?
        for rule in rules where rule.enabled && rule.matches(key) {
            guard let abort = rule.abortIncompleteUpload else { continue }
            let start = abort.basis == .initiation ? initiated : lastActivity
            let date = AbortSchedule.abortDate(from: start, days: abort.days)
            if best == nil || date < best!.date { best = AbortSchedule(date: date, ruleID: rule.id) }
        }
        return best
    }
}

/// One lifecycle rule.
public struct LifecycleRule: Hashable, Sendable, Codable {
    /// Longest rule id (S3's limit).
    public static let maxIDLength = 255

    /// The rule's id, unique within the bucket.
    public var id: String
    /// Disabled rules are kept and reported but not enforced.
    public var enabled: Bool
    /// Keys the rule applies to start with this (empty: every key).
    public var prefix: String
    /// The abort action, the only one the engine enforces.
    public var abortIncompleteUpload: AbortIncompleteUpload?

    /// Creates a rule; throws `invalidArgument` for an over-long id or a non-positive day count.
    public init(id: String, enabled: Bool, prefix: String, abortIncompleteUpload: AbortIncompleteUpload?) throws(StorageError) {
        guard id.utf8.count <= Self.maxIDLength else {
            throw StorageError.invalidArgument("ID length should not exceed allowed limit of \(Self.maxIDLength)", name: "ID", value: id)
        }
        if let a = abortIncompleteUpload, a.days < 1 {
            throw StorageError.invalidArgument("'Days' for AbortIncompleteMultipartUpload must be a positive integer",
                                               name: "DaysAfterInitiation", value: String(a.days))
        }
        self.id = id
        self.enabled = enabled
        self.prefix = prefix
        self.abortIncompleteUpload = abortIncompleteUpload
    }

    /// Whether the rule's filter selects `key`.
    public func matches(_ key: ObjectKey) -> Bool {
        key.value.utf8.starts(with: prefix.utf8)
    }
}

/// "Abort uploads that have not completed `days` days after `basis`."
public struct AbortIncompleteUpload: Hashable, Sendable, Codable {
    /// Whole days (at least 1).
    public var days: Int
    /// What the days count from.
    public var basis: ExpiryBasis

    /// Creates the action.
    public init(days: Int, basis: ExpiryBasis) {
        self.days = days
        self.basis = basis
    }
}

/// What an expiry period counts from.
public enum ExpiryBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// The upload's initiation (S3's `DaysAfterInitiation`).
    case initiation
    /// The last part uploaded, or initiation before any part: a slow upload that is still
    /// making progress is never aborted (Tessera's extension).
    case lastActivity
}
