import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// Verifies `bce-auth-v1` in the `Authorization` header or the `authorization` query parameter.
public struct BCEVerifier: Sendable {
    /// Looks up a credential by access key.
    public typealias Lookup = @Sendable (String) async throws -> Credential?

    let lookup: Lookup
    let clock: any WallClock
    /// How far in the future a timestamp may be, in seconds.
    let maxSkew: Int64

    /// Creates a verifier.
    public init(lookup: @escaping Lookup, clock: any WallClock, maxSkew: Int64 = 900) {
        self.lookup = lookup
        self.clock = clock
        self.maxSkew = maxSkew
    }

    /// Whether `request` carries a `bce-auth-v1` authorization.
    public static func isSigned(_ request: WireRequest) -> Bool {
        if let a = request.header(.authorization), a.hasPrefix("bce-auth-v1/") { return true }
        return request.query["authorization"]?.hasPrefix("bce-auth-v1/") == true
    }

    /// Authenticates `request`, returning the credential.
    public func verify(_ request: WireRequest) async throws -> Credential {
        guard let auth = request.header(.authorization) ?? request.query["authorization"], auth.hasPrefix("bce-auth-v1/") else {
            throw WireError(.missingAuthentication, "Access denied: the request carries no authorization.")
        }
        let parts = auth.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, let expiration = Int64(parts[3]), expiration >= 0, let time = Timestamp(iso8601: parts[2]) else {
            throw WireError(.authorizationMalformed, "The authorization string is malformed.")
        }
        let (accessKey, timestamp, signedHeaders, signature) = (parts[1], parts[2], parts[4], parts[5])
        let now = clock.now()
        // Differences of two clock readings, never `time + expiration`: the expiration is any
        // 64-bit count a request sends.
        if time.seconds - now.seconds > maxSkew || now.seconds - time.seconds > expiration {
            throw WireError(.requestExpired, "Request has expired. Timestamp date is \(timestamp).",
                               details: [.init("Timestamp", timestamp), .init("ServerTime", now.iso8601Seconds)])
        }
        guard let credential = try await lookup(accessKey) else {
            throw WireError(.invalidAccessKeyId, "The access key id you provided does not exist.", details: [.init("AccessKeyId", accessKey)])
        }
        var chosen: [(name: String, value: String)] = []
        let listed = Set(signedHeaders.split(separator: ";").map { $0.lowercased() })
        func include(_ name: String) -> Bool { listed.isEmpty ? BCESigner.isDefaultSigned(name) : listed.contains(name) }
        if include("host") { chosen.append(("host", request.authority)) }
        for (name, value) in request.headers.namesAndValues() where name != "host" && include(name) {
            chosen.append((name, value))
        }
        let canonical = BCESigner.canonicalRequest(
            method: request.method.rawValue, uri: BCESigner.canonicalURI(rawPath: request.rawPath),
            query: BCESigner.canonicalQuery(rawQuery: request.rawQuery), headers: BCESigner.canonicalHeaders(chosen))
        let key = BCESigner.signingKey(secret: credential.secretKey, authStringPrefix: "bce-auth-v1/\(accessKey)/\(timestamp)/\(parts[3])")
        guard ConstantTime.equals(BCESigner.signature(signingKey: key, canonicalRequest: canonical), signature.lowercased()) else {
            throw WireError(.signatureDoesNotMatch, "The request signature we calculated does not match the signature you provided.",
                               details: [.init("CanonicalRequest", canonical)])
        }
        return credential
    }
}
