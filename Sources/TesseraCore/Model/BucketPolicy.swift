/// A bucket's policy (S3's bucket policy): statements that allow or deny actions on the bucket
/// and its objects to principals, under conditions. An explicit deny wins over everything; an
/// allow gives what the ACLs do not; where no statement applies, the owner and the ACLs decide.
public struct BucketPolicy: Hashable, Sendable, Codable {
    /// The document as it was set, answered back as it was given.
    public var document: String
    /// Its statements, in order.
    public var statements: [PolicyStatement]

    /// Creates a policy.
    public init(document: String, statements: [PolicyStatement]) {
        self.document = document
        self.statements = statements
    }

    /// Whether it grants access to anyone (S3's "public" policy): a statement allowing every
    /// principal with no condition that fixes where the request comes from (a source address
    /// range narrower than the whole Internet, or a named source account, VPC or ARN).
    public var isPublic: Bool {
        statements.contains { s in
            s.allows && s.principals.matchesEveryone && !s.conditions.contains(where: \.narrowsTheSource)
        }
    }
}

/// One statement of a ``BucketPolicy``.
public struct PolicyStatement: Hashable, Sendable, Codable {
    /// `Allow` (true) or `Deny`.
    public var allows: Bool
    /// Whom it applies to.
    public var principals: PrincipalMatch
    /// The actions it names (expanded from the policy's patterns).
    public var actions: Set<AccessAction>
    /// It applies to every action but ``actions`` (`NotAction`).
    public var actionsNegated: Bool
    /// The resources it names.
    public var resources: [ResourcePattern]
    /// It applies to every resource but ``resources`` (`NotResource`).
    public var resourcesNegated: Bool
    /// All must hold for it to apply.
    public var conditions: [PolicyCondition]

    /// Creates a statement.
    public init(allows: Bool, principals: PrincipalMatch, actions: Set<AccessAction>, actionsNegated: Bool = false,
                resources: [ResourcePattern], resourcesNegated: Bool = false, conditions: [PolicyCondition] = []) {
        self.allows = allows
        self.principals = principals
        self.actions = actions
        self.actionsNegated = actionsNegated
        self.resources = resources
        self.resourcesNegated = resourcesNegated
        self.conditions = conditions
    }

    /// Whether it applies to `caller` taking `action` on `resource` (`bucket` or `bucket/key`;
    /// `nil` for an object action before its keys are known: a check of the bucket first).
    func applies(to caller: Owner, _ action: AccessAction, on resource: ResourcePattern.Resource, facts: PolicyFacts) -> Bool {
        guard actions.contains(action) != actionsNegated else { return false }
        guard resources.contains(where: { $0.matches(resource, denying: !allows, facts: facts) }) != resourcesNegated else { return false }
        guard principals.matches(caller) else { return false }
        return conditions.allSatisfy { $0.holds(facts) }
    }
}

/// Whom a statement applies to (`Principal`, or `NotPrincipal` when ``negated``).
public struct PrincipalMatch: Hashable, Sendable, Codable {
    /// `"*"`: every caller, anonymous ones too.
    public var everyone: Bool
    /// Callers named by canonical id, account or user name (an owner's id or display name).
    public var names: Set<String>
    /// Every caller but these (`NotPrincipal`).
    public var negated: Bool

    /// Creates a match.
    public init(everyone: Bool = false, names: Set<String> = [], negated: Bool = false) {
        self.everyone = everyone
        self.names = names
        self.negated = negated
    }

    /// Every caller.
    public static let anyone = PrincipalMatch(everyone: true)

    /// Whether it takes in everyone (a public grant when allowing).
    var matchesEveryone: Bool { everyone && !negated }

    /// Whether `caller` is one of them.
    func matches(_ caller: Owner) -> Bool {
        let named = everyone || (!caller.isAnonymous && (names.contains(caller.id) || names.contains(caller.displayName)))
        return named != negated
    }
}

/// A resource a statement names: the bucket (`arn:aws:s3:::bucket`) or objects
/// (`arn:aws:s3:::bucket/key`), each part with `*` (any run) and `?` (one character) wildcards.
public struct ResourcePattern: Hashable, Sendable, Codable {
    /// The pattern over `bucket` or `bucket/key`.
    public var pattern: String

    /// Creates a pattern.
    public init(_ pattern: String) { self.pattern = pattern }

    /// Whether it names `resource`, its policy variables (`${aws:username}`) replaced by the
    /// request's values (a variable the request has no value for names nothing). Before an
    /// object action's keys are known (a multi-object delete's body), a pattern names "some
    /// object of the bucket" when it names objects of it; a denying one only when it names them
    /// all (`bucket/*`).
    func matches(_ resource: Resource, denying: Bool, facts: PolicyFacts) -> Bool {
        guard let pattern = facts.resolvePattern(pattern) else { return false }
        switch resource {
        case .exactly(let text):
            return pattern.matches(text)
        case .someObject(let bucket):
            guard let (bucketPart, keyPart) = pattern.splitAtFirstSlash() else { return pattern.isAnyRun }
            guard bucketPart.matches(bucket) else { return false }
            return !denying || keyPart.isAnyRun
        }
    }

    /// What a statement is judged on.
    enum Resource {
        /// The bucket (`bucket`) or one object (`bucket/key`).
        case exactly(String)
        /// An object of this bucket, not yet named.
        case someObject(bucket: String)
    }
}

/// What a policy decided for one request.
public enum PolicyVerdict: Sendable, Equatable {
    /// A statement denies it.
    case denied
    /// A statement allows it and none denies it.
    case allowed
    /// No statement applies: the owner and the ACLs decide.
    case undecided

    /// The verdict on a request that takes both actions: denied if either is, allowed if both
    /// are, else undecided.
    public func and(_ other: PolicyVerdict) -> PolicyVerdict {
        if self == .denied || other == .denied { return .denied }
        return self == .allowed && other == .allowed ? .allowed : .undecided
    }
}

extension BucketPolicy {
    /// The verdict on `caller` taking `action` on `bucket` (or its object `key`). With
    /// `allowsIgnored` (a public policy under `RestrictPublicBuckets`), allowing statements count
    /// for nothing; denying ones still do.
    public func verdict(_ caller: Owner, _ action: AccessAction, bucket: BucketName, key: ObjectKey?,
                        facts: PolicyFacts, allowsIgnored: Bool = false) -> PolicyVerdict {
        let resource: ResourcePattern.Resource = if let key { .exactly(bucket.value + "/" + key.value) }
            else if action.isObjectLevel { .someObject(bucket: bucket.value) } else { .exactly(bucket.value) }
        var allowed = false
        for s in statements where s.applies(to: caller, action, on: resource, facts: facts) {
            if !s.allows { return .denied }
            allowed = true
        }
        return allowed && !allowsIgnored ? .allowed : .undecided
    }
}
