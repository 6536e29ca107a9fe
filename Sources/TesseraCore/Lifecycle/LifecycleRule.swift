/// A bucket's lifecycle configuration: the rules the reaper enforces.
///
/// The engine enforces two actions: aborting incomplete multipart uploads and expiring (deleting)
/// objects. Dialects refuse any other action (transitions, noncurrent versions) with
/// `notImplemented` rather than storing a rule nobody would run.
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

    /// When, and by which rule, `object` expires; `nil` when no enabled expiration rule selects
    /// it. With several rules the earliest date wins (S3's `x-amz-expiration`).
    public func expirySchedule(of object: ObjectRecord) -> AbortSchedule? {
        var best: AbortSchedule?
        for rule in rules where rule.enabled {
            guard let expiration = rule.expiration, rule.selects(object),
                  let date = expiration.date(forObjectWrittenAt: object.lastModified) else { continue }
            if best == nil || date < best!.date { best = AbortSchedule(date: date, ruleID: rule.id) }
        }
        return best
    }
}

/// One lifecycle rule: a filter (a key prefix, and for expiration also tags and sizes) and its actions.
public struct LifecycleRule: Hashable, Sendable, Codable {
    /// Longest rule id (S3's limit).
    public static let maxIDLength = 255

    /// The rule's id, unique within the bucket.
    public var id: String
    /// Disabled rules are kept and reported but not enforced.
    public var enabled: Bool
    /// Keys the rule applies to start with this (empty: every key).
    public var prefix: String
    /// Objects the rule expires carry every one of these tags (S3's `Tag` filter; none for aborts).
    public var tags: [ObjectTag]
    /// Objects the rule expires are larger than this many bytes (S3's `ObjectSizeGreaterThan`).
    public var objectSizeGreaterThan: Int64?
    /// Objects the rule expires are smaller than this many bytes (S3's `ObjectSizeLessThan`).
    public var objectSizeLessThan: Int64?
    /// Aborting incomplete multipart uploads.
    public var abortIncompleteUpload: AbortIncompleteUpload?
    /// Deleting objects (S3's `Expiration`, BOS's `DeleteObject`).
    public var expiration: ObjectExpiration?

    /// Creates a rule; throws `invalidArgument`, `invalidRequest` or `malformedDocument` with S3's
    /// wording when S3 would refuse it: no action, an over-long id, a non-positive day count, an
    /// expiration date not at a UTC midnight, tag or size filters on an abort, repeated tag keys,
    /// or sizes that select nothing.
    public init(id: String, enabled: Bool, prefix: String, tags: [ObjectTag] = [], objectSizeGreaterThan: Int64? = nil,
                objectSizeLessThan: Int64? = nil, abortIncompleteUpload: AbortIncompleteUpload?,
                expiration: ObjectExpiration? = nil) throws(StorageError) {
        guard id.utf8.count <= Self.maxIDLength else {
            throw StorageError.invalidArgument("ID length should not exceed allowed limit of \(Self.maxIDLength)", name: "ID", value: id)
        }
        guard abortIncompleteUpload != nil || expiration != nil else {
            throw StorageError(.malformedDocument, "At least one action needs to be specified in a rule")
        }
        if let a = abortIncompleteUpload {
            guard a.days >= 1 else {
                throw StorageError.invalidArgument("'Days' for AbortIncompleteMultipartUpload must be a positive integer",
                                                   name: "DaysAfterInitiation", value: String(a.days))
            }
            guard tags.isEmpty else { throw StorageError(.invalidRequest, "AbortIncompleteMultipartUpload cannot be specified with Tags.") }
            guard objectSizeGreaterThan == nil && objectSizeLessThan == nil else {
                throw StorageError(.invalidRequest, "AbortIncompleteMultipartUpload cannot be specified with an object size filter.")
            }
        }
        try expiration?.validate()
        var keys = Set<String>()
        for tag in tags where !keys.insert(tag.key).inserted {
            throw StorageError(.invalidRequest, "Duplicate Tag Keys are not allowed.")
        }
        for (name, size) in [("ObjectSizeGreaterThan", objectSizeGreaterThan), ("ObjectSizeLessThan", objectSizeLessThan)] {
            if let size, size < 0 { throw StorageError.invalidArgument("\(name) must be a non-negative integer", name: name, value: String(size)) }
        }
        if let above = objectSizeGreaterThan, let below = objectSizeLessThan, above >= below {
            throw StorageError.invalidArgument("ObjectSizeGreaterThan must be less than ObjectSizeLessThan",
                                               name: "ObjectSizeGreaterThan", value: String(above))
        }
        self.id = id
        self.enabled = enabled
        self.prefix = prefix
        self.tags = tags
        self.objectSizeGreaterThan = objectSizeGreaterThan
        self.objectSizeLessThan = objectSizeLessThan
        self.abortIncompleteUpload = abortIncompleteUpload
        self.expiration = expiration
    }

    /// Reads a stored rule; rules stored before expiration was enforced have no tags, sizes or
    /// expiration.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        enabled = try c.decode(Bool.self, forKey: .enabled)
        prefix = try c.decode(String.self, forKey: .prefix)
        tags = try c.decodeIfPresent([ObjectTag].self, forKey: .tags) ?? []
        objectSizeGreaterThan = try c.decodeIfPresent(Int64.self, forKey: .objectSizeGreaterThan)
        objectSizeLessThan = try c.decodeIfPresent(Int64.self, forKey: .objectSizeLessThan)
        abortIncompleteUpload = try c.decodeIfPresent(AbortIncompleteUpload.self, forKey: .abortIncompleteUpload)
        expiration = try c.decodeIfPresent(ObjectExpiration.self, forKey: .expiration)
    }

    /// Whether the rule's prefix selects `key` (all an upload is filtered by).
    public func matches(_ key: ObjectKey) -> Bool {
        key.value.utf8.starts(with: prefix.utf8)
    }

    /// Whether the rule's whole filter selects `object`: its prefix, every one of its tags (key
    /// and value), and its size bounds, both strict (S3's).
    public func selects(_ object: ObjectRecord) -> Bool {
        guard matches(object.key) else { return false }
        if let above = objectSizeGreaterThan, object.size <= above { return false }
        if let below = objectSizeLessThan, object.size >= below { return false }
        guard !tags.isEmpty else { return true }
        let carried = object.attributes.tags ?? []
        return tags.allSatisfy { carried.contains($0) }
    }

    /// Whether the rule has any filter but its prefix.
    public var filtersBeyondPrefix: Bool {
        !tags.isEmpty || objectSizeGreaterThan != nil || objectSizeLessThan != nil
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
