public import HTTPTypes
public import TesseraCore

/// Browsers' cross-origin requests, answered by a bucket's CORS rules as S3 answers them (BOS
/// the same): a preflight (`OPTIONS`) gets the fields of the first rule allowing its origin,
/// method and headers, or an error; an actual request's answer carries the fields of the first
/// rule allowing its origin and method. The fields: the origin (`*` when the rule allows every
/// origin, else the request's own, with credentials), the rule's methods, the headers a
/// preflight asked for, the headers scripts may read, the preflight's lifetime, and `Vary`.
public enum CrossOrigin {
    /// The request headers a preflight names (`Access-Control-Request-Headers`), lowercased, in
    /// order, empty names dropped.
    public static func requested(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").compactMap { h in
            let name = String(h).trimmingSpaces().lowercased()
            return name.isEmpty ? nil : name
        }
    }

    /// Adds the fields `rule` gives a request from `origin` to `headers`; `requested` are a
    /// preflight's requested headers (`nil` for an actual request, which names none back).
    public static func add(_ rule: CrossOriginRule, origin: String, requested: [String]?, to headers: inout HTTPFields) {
        if rule.allowsEveryOrigin {
            headers[.accessControlAllowOrigin] = "*"
        } else {
            headers[.accessControlAllowOrigin] = origin
            headers[.accessControlAllowCredentials] = "true"
        }
        headers[.accessControlAllowMethods] = rule.allowedMethods.joined(separator: ", ")
        if let requested, !requested.isEmpty { headers[.accessControlAllowHeaders] = requested.joined(separator: ", ") }
        if !rule.exposeHeaders.isEmpty { headers[.accessControlExposeHeaders] = rule.exposeHeaders.joined(separator: ", ") }
        if let age = rule.maxAgeSeconds { headers[.accessControlMaxAge] = String(age) }
        headers[.vary] = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
    }

    /// Answers the preflight `r` to `bucket` (an object in it when `object`): 200 with the rule's
    /// fields; `preflightIncomplete` without an `Origin` or (for a bucket with rules) the method
    /// it asks about; `crossOriginForbidden` (with the method and the resource's kind as details,
    /// in S3's words) when there is no bucket, it has no rules, or none allows the request.
    public static func preflight(_ r: WireRequest, bucket: BucketName, object: Bool, engine: Engine) async throws -> WireResponse {
        guard let origin = r.header(.origin) else {
            throw WireError(.preflightIncomplete, "Insufficient information. Origin request header needed.")
        }
        let method = r.header(.accessControlRequestMethod)
        func forbidden(_ why: String) -> WireError {
            WireError(.crossOriginForbidden, "CORSResponse: " + why,
                      details: [.init("Method", method ?? "OPTIONS"), .init("ResourceType", object ? "OBJECT" : "BUCKET")])
        }
        let rules: CrossOriginConfiguration?
        do { rules = try await engine.crossOriginRules(of: bucket) } catch let e as StorageError where e.code == .noSuchBucket {
            throw forbidden("Bucket not found")
        }
        guard let rules else { throw forbidden("CORS is not enabled for this bucket.") }
        guard let method else { throw WireError(.preflightIncomplete, "Invalid Access-Control-Request-Method: null") }
        let requested = requested(r.header(.accessControlRequestHeaders))
        guard let rule = rules.rule(origin: origin, method: method, headers: requested) else {
            throw forbidden("This CORS request is not allowed. This is usually because the evalution of Origin, request method / "
                            + "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
        }
        var response = WireResponse(status: .ok)
        add(rule, origin: origin, requested: requested, to: &response.headers)
        return response
    }

    /// The fields for an actual request `r` from `origin` to `bucket`: those of the bucket's first
    /// rule allowing the origin and the request's method, whatever the answer; none when no rule
    /// does, the bucket has none, or there is no bucket.
    public static func fields(_ r: WireRequest, origin: String, bucket: BucketName, engine: Engine) async -> HTTPFields {
        guard let rules = try? await engine.crossOriginRules(of: bucket),
              let rule = rules.rule(origin: origin, method: r.method.rawValue) else { return [:] }
        var fields = HTTPFields()
        add(rule, origin: origin, requested: nil, to: &fields)
        return fields
    }
}
