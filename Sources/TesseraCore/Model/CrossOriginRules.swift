/// One cross-origin (CORS) rule of a bucket: which web origins may send which methods with which
/// headers, which response headers their scripts may read, and how long a browser may keep the
/// answer to its preflight. S3's `CORSRule` and BOS's `corsConfiguration` entry hold the same.
public struct CrossOriginRule: Hashable, Sendable, Codable {
    /// The rule's optional name (at most 255 characters).
    public var id: String?
    /// Origins, each with at most one `*` standing for any run of characters (`*` alone: any).
    public var allowedOrigins: [String]
    /// Methods: `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    public var allowedMethods: [String]
    /// Request headers a preflight may name, compared without case, each with at most one `*`.
    public var allowedHeaders: [String]
    /// Response headers a browser lets the page's scripts read (`ETag`, for a multipart upload).
    public var exposeHeaders: [String]
    /// How long a browser may cache the preflight's answer, in seconds.
    public var maxAgeSeconds: Int?

    /// Creates a rule (checked when a configuration is made of it).
    public init(id: String? = nil, allowedOrigins: [String], allowedMethods: [String], allowedHeaders: [String] = [],
                exposeHeaders: [String] = [], maxAgeSeconds: Int? = nil) {
        self.id = id
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.exposeHeaders = exposeHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Whether `origin` is one of the rule's origins.
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains { Self.matches(pattern: $0, origin, ignoringCase: false) }
    }

    /// Whether every one of `headers` (a preflight's, any case) is one of the rule's headers.
    public func allows(headers: [String]) -> Bool {
        headers.allSatisfy { h in allowedHeaders.contains { Self.matches(pattern: $0, h, ignoringCase: true) } }
    }

    /// Whether any of the rule's origins is `*` alone (every origin, so no credentials).
    public var allowsEveryOrigin: Bool { allowedOrigins.contains("*") }

    /// Whether `value` matches `pattern`, whose one `*` (if any) stands for any run of characters.
    static func matches(pattern: String, _ value: String, ignoringCase: Bool) -> Bool {
        let p = ignoringCase ? pattern.lowercased() : pattern
        let v = ignoringCase ? value.lowercased() : value
        guard let star = p.firstIndex(of: "*") else { return p == v }
        let prefix = p[..<star], suffix = p[p.index(after: star)...]
        return v.count >= prefix.count + suffix.count && v.hasPrefix(prefix) && v.hasSuffix(suffix)
    }
}

/// A bucket's cross-origin rules, checked as S3 checks `PutBucketCors`; the first rule that
/// allows a request answers it.
public struct CrossOriginConfiguration: Hashable, Sendable, Codable {
    /// The methods a rule may allow (a preflight's `OPTIONS` is answered by the rules, not named in them).
    public static let methods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD"]
    /// The most rules a bucket holds.
    public static let maxRules = 100

    /// The rules, in the order given.
    public let rules: [CrossOriginRule]

    /// Checks `rules`: at least one, at most 100, each with an origin and a method, only the five
    /// methods, at most one `*` an origin or header, an id of at most 255 characters.
    /// `malformedDocument` for a missing part, `invalidRequest` otherwise, as S3 answers.
    public init(rules: [CrossOriginRule]) throws(StorageError) {
        guard !rules.isEmpty, rules.allSatisfy({ !$0.allowedOrigins.isEmpty && !$0.allowedMethods.isEmpty }) else {
            throw StorageError(.malformedDocument, "The XML you provided was not well-formed or did not validate against our published schema")
        }
        guard rules.count <= Self.maxRules else {
            throw StorageError(.invalidRequest, "The number of CORS rules should not exceed allowed limit of \(Self.maxRules) rules.")
        }
        for rule in rules {
            if let m = rule.allowedMethods.first(where: { !Self.methods.contains($0) }) {
                throw StorageError(.invalidRequest, "Found unsupported HTTP method in CORS config. Unsupported method is \(m)")
            }
            if let o = rule.allowedOrigins.first(where: { $0.count(of: "*") > 1 }) {
                throw StorageError(.invalidRequest, "AllowedOrigin \"\(o)\" can not have more than one wildcard.")
            }
            if let h = rule.allowedHeaders.first(where: { $0.count(of: "*") > 1 }) {
                throw StorageError(.invalidRequest, "AllowedHeader \"\(h)\" can not have more than one wildcard.")
            }
            if let id = rule.id, id.count > 255 {
                throw StorageError(.invalidArgument, "ID length should not exceed allowed limit of 255",
                                   context: ErrorContext(argument: .init(name: "ID", value: id)))
            }
            if let age = rule.maxAgeSeconds, age < 0 {
                throw StorageError(.malformedDocument, "The XML you provided was not well-formed or did not validate against our published schema")
            }
        }
        self.rules = rules
    }

    /// The first rule allowing `origin` to send `method` with `headers` (a preflight's requested
    /// headers; none for an actual request, whose headers are not checked).
    public func rule(origin: String, method: String, headers: [String] = []) -> CrossOriginRule? {
        rules.first { $0.allows(origin: origin) && $0.allowedMethods.contains(method) && $0.allows(headers: headers) }
    }
}

extension String {
    /// How many times `c` occurs.
    fileprivate func count(of c: Character) -> Int { reduce(0) { $1 == c ? $0 + 1 : $0 } }
}
