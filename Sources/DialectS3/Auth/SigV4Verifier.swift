import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// What the signature says about the body.
public enum PayloadSigning: Sendable, Equatable {
    /// The signature covers this hex SHA-256 of the body; the body must match it.
    case signed(String)
    /// `UNSIGNED-PAYLOAD`.
    case unsigned
    /// An `aws-chunked` streaming variant (the literal value), with what signed chunks are checked against.
    case streaming(String, ChunkSigning?)
}

/// An authenticated request's principal and payload expectation.
public struct S3Authentication: Sendable {
    /// The credential that signed the request.
    public var credential: Credential
    /// How the body is covered.
    public var payload: PayloadSigning
}

/// Verifies SigV4 in the `Authorization` header or as a presigned URL.
public struct SigV4Verifier: Sendable {
    /// Looks up a credential by access key.
    public typealias Lookup = @Sendable (String) async throws -> Credential?

    let lookup: Lookup
    let clock: any WallClock
    /// Largest allowed difference between the request time and the server's, in seconds.
    let maxSkew: Int64
    private let signingKeys = SigningKeyCache()

    /// Creates a verifier.
    public init(lookup: @escaping Lookup, clock: any WallClock, maxSkew: Int64 = 900) {
        self.lookup = lookup
        self.clock = clock
        self.maxSkew = maxSkew
    }

    /// Whether the request carries SigV4 credentials (header or query).
    public static func isSigned(_ request: WireRequest) -> Bool {
        if let a = request.header(.authorization), a.hasPrefix(SigV4.algorithm) { return true }
        return request.query.has("X-Amz-Signature") || request.query["X-Amz-Algorithm"] == SigV4.algorithm
    }

    /// Authenticates `request`; throws `missingAuthentication`, `invalidAccessKeyId`,
    /// `signatureDoesNotMatch`, `requestTimeTooSkewed`, `requestExpired` or `authorizationMalformed`.
    public func verify(_ request: WireRequest) async throws -> S3Authentication {
        if let header = request.header(.authorization) {
            guard header.hasPrefix(SigV4.algorithm + " ") else {
                throw WireError(.unsupportedAuthorization, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.")
            }
            return try await verifyHeader(header, request)
        }
        if request.query.has("X-Amz-Signature") || request.query.has("X-Amz-Credential") {
            return try await verifyPresigned(request)
        }
        throw WireError(.missingAuthentication, "Access Denied")
    }

    private struct Scope {
        var accessKey: String, date: String, region: String, service: String
        /// `date/region/service/aws4_request`.
        var string: String
    }

    /// The scope of a credential `AKID/yyyymmdd/region/service/aws4_request`, cut at its slashes
    /// in place: splitting it into five strings and joining four of them again for the string to
    /// sign cost 7,000 instructions a request (callgrind, docs/benchmarks.md).
    private func parseScope(_ credential: String) throws -> Scope {
        var text = credential
        let scope: Scope? = text.withUTF8 { bytes in
            var slashes: [Int] = []
            slashes.reserveCapacity(4)
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                guard slashes.count < 4 else { return nil }
                slashes.append(offset)
            }
            guard slashes.count == 4 else { return nil }
            func piece(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[from..<to]) }
            func string(_ from: Int, _ to: Int) -> String { String(decoding: piece(from, to), as: UTF8.self) }
            guard Self.matches(piece(slashes[3] + 1, bytes.count), "aws4_request"), slashes[1] - slashes[0] == 9 else { return nil }
            return Scope(accessKey: string(0, slashes[0]), date: string(slashes[0] + 1, slashes[1]), region: string(slashes[1] + 1, slashes[2]),
                         service: string(slashes[2] + 1, slashes[3]), string: string(slashes[0] + 1, bytes.count))
        }
        guard let scope else {
            throw WireError(.authorizationMalformed, "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        guard scope.service == "s3" else {
            throw WireError(.authorizationMalformed, "The authorization header is malformed; incorrect service \"\(scope.service)\". This endpoint belongs to \"s3\".")
        }
        return scope
    }

    private func verifyHeader(_ header: String, _ request: WireRequest) async throws -> S3Authentication {
        let (cred, signed, signature) = Self.parameters(header)
        guard let cred, let signed, let signature else {
            throw WireError(.authorizationMalformed, "The authorization header is malformed; it must contain Credential, SignedHeaders and Signature.")
        }
        let scope = try parseScope(cred)
        guard let amzDate = request.header("x-amz-date") ?? request.header(.date).flatMap(SigV4Verifier.compactDate(fromHTTPDate:)),
              let time = Timestamp(compactISO8601: amzDate) else {
            throw WireError(.missingAuthentication, "AWS authentication requires a valid Date or x-amz-date header")
        }
        let now = clock.now()
        if abs(now.seconds - time.seconds) > maxSkew {
            throw WireError(.requestTimeTooSkewed, "The difference between the request time and the current time is too large.",
                               details: [.init("RequestTime", amzDate), .init("ServerTime", now.iso8601), .init("MaxAllowedSkewMilliseconds", String(maxSkew * 1000))])
        }
        guard amzDate.hasPrefix(scope.date) else {
            throw WireError(.signatureDoesNotMatch, "The request signature we calculated does not match the signature you provided. Credential date does not match x-amz-date.")
        }
        guard let payloadHash = request.header("x-amz-content-sha256") else {
            throw StorageError(.invalidRequest, "Missing required header for this request: x-amz-content-sha256")
        }
        let credential = try await credential(for: scope.accessKey)
        try check(request: request, scope: scope, amzDate: amzDate, signedHeaders: signed, signature: signature,
                  payloadHash: payloadHash, secret: credential.secretKey, excludedQuery: [])
        let payload: PayloadSigning
        switch payloadHash {
        case "UNSIGNED-PAYLOAD": payload = .unsigned
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": payload = .streaming(payloadHash, nil)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER":
            let key = signingKeys.key(secret: credential.secretKey, date: scope.date, region: scope.region, service: scope.service)
            let bytes = key.withUnsafeBytes { Array($0) }
            payload = .streaming(payloadHash, ChunkSigning(key: bytes, amzDate: amzDate, scope: scope.string, seedSignature: signature.lowercased()))
        case let p where p.hasPrefix("STREAMING-"):
            throw StorageError(.notImplemented, "The payload signing mode \(p) is not supported.")
        default:
            guard payloadHash.utf8.count == 64, payloadHash.allBytes(satisfy: { Identifiers.hexValue($0) != nil }) else {
                throw WireError(.invalidPayloadHash, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid sha256 value.",
                                   details: [.init("ArgumentName", "x-amz-content-sha256"), .init("ArgumentValue", payloadHash)])
            }
            // SDKs send lower-case hex: no copy then (`lowercased()` always makes one).
            payload = .signed(payloadHash.containsByte(where: { $0 &- 65 < 26 }) ? payloadHash.lowercased() : payloadHash)
        }
        return S3Authentication(credential: credential, payload: payload)
    }

    /// The `Credential`, `SignedHeaders` and `Signature` of an `Authorization` header that starts
    /// with `AWS4-HMAC-SHA256 `: its comma-separated `name=value` items, spaces around each
    /// trimmed, the last of a name kept. Read in one pass over the bytes: pieces, trimmed
    /// substrings and `Substring` comparisons cost 11,000 instructions a request (callgrind,
    /// docs/benchmarks.md).
    static func parameters(_ header: String) -> (credential: String?, signedHeaders: String?, signature: String?) {
        var text = header
        return text.withUTF8 { bytes in
            var credential: String?, signedHeaders: String?, signature: String?
            var start = SigV4.algorithm.utf8.count + 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                defer { start = end + 1 }
                var from = start, to = end
                while from < to, bytes[from] == UInt8(ascii: " ") { from += 1 }
                while to > from, bytes[to - 1] == UInt8(ascii: " ") { to -= 1 }
                guard let equals = (from..<to).first(where: { bytes[$0] == UInt8(ascii: "=") }) else { continue }
                let name = UnsafeBufferPointer(rebasing: bytes[from..<equals])
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<to]), as: UTF8.self)
                if Self.matches(name, "Credential") {
                    credential = value
                } else if Self.matches(name, "SignedHeaders") {
                    signedHeaders = value
                } else if Self.matches(name, "Signature") {
                    signature = value
                }
            }
            return (credential, signedHeaders, signature)
        }
    }

    /// Whether `bytes` are `literal`'s, lengths first: `elementsEqual` with a literal's
    /// `UTF8View` walked it at 30 instructions a byte (callgrind).
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && literal.withUTF8Buffer { bytes.elementsEqual($0) }
    }

    private func verifyPresigned(_ request: WireRequest) async throws -> S3Authentication {
        let q = request.query
        guard q["X-Amz-Algorithm"] == SigV4.algorithm, let cred = q["X-Amz-Credential"], let amzDate = q["X-Amz-Date"],
              let signed = q["X-Amz-SignedHeaders"], let signature = q["X-Amz-Signature"], let expiresText = q["X-Amz-Expires"] else {
            throw WireError(.authorizationQueryMalformed, "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        }
        let scope = try parseScope(cred)
        guard let time = Timestamp(compactISO8601: amzDate), amzDate.hasPrefix(scope.date) else {
            throw WireError(.authorizationQueryMalformed, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        }
        guard let expires = Int64(expiresText) else {
            throw WireError(.authorizationQueryMalformed, "X-Amz-Expires should be a number")
        }
        guard expires >= 1 else {
            throw WireError(.authorizationQueryMalformed, "X-Amz-Expires must be non-negative")
        }
        guard expires <= 604_800 else {
            throw WireError(.authorizationQueryMalformed, "X-Amz-Expires must be less than a week (in seconds) that is 604800")
        }
        let now = clock.now()
        if time.seconds - now.seconds > maxSkew {
            throw WireError(.requestExpired, "Request is not valid yet")
        }
        if now.seconds > time.seconds + expires {
            throw WireError(.requestExpired, "Request has expired", details: [.init("X-Amz-Expires", expiresText), .init("Expires", time.adding(seconds: expires).iso8601), .init("ServerTime", now.iso8601)])
        }
        let credential = try await credential(for: scope.accessKey)
        let payloadHash = request.header("x-amz-content-sha256") ?? "UNSIGNED-PAYLOAD"
        try check(request: request, scope: scope, amzDate: amzDate, signedHeaders: signed, signature: signature,
                  payloadHash: payloadHash, secret: credential.secretKey, excludedQuery: ["X-Amz-Signature"])
        return S3Authentication(credential: credential, payload: .unsigned)
    }

    private func credential(for accessKey: String) async throws -> Credential {
        guard let c = try await lookup(accessKey) else {
            throw WireError(.invalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.", details: [.init("AWSAccessKeyId", accessKey)])
        }
        return c
    }

    private func check(request: WireRequest, scope: Scope, amzDate: String, signedHeaders: String, signature: String,
                       payloadHash: String, secret: String, excludedQuery: Set<String>) throws {
        // Clients send the names in lower case already (lower-casing each anyway: 1,900 instructions).
        var lowered = false
        let names = signedHeaders.splitASCII(UInt8(ascii: ";")).map { name in
            guard name.containsByte(where: { $0 &- UInt8(ascii: "A") < 26 || $0 >= 0x80 }) else { return String(name) }
            lowered = true
            return name.lowercased()
        }
        guard names.contains("host") else {
            throw WireError(.authorizationMalformed, "The host header must be signed.")
        }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(names.count)
        for name in names {
            if name == "host" {
                headers.append((name, request.authority))
            } else if let value = request.headers.joinedValue(canonicalName: name, separator: ",") {
                // One pass over the fields, not a field name made and `HTTPFields`' index built
                // for `[values:]` (callgrind, docs/benchmarks.md).
                headers.append((name, value))
            } else if HTTPField.Name(name) != nil {
                headers.append((name, ""))
            }
        }
        let query = SigV4.canonicalQuery(rawQuery: request.rawQuery, excluding: excludedQuery)
        let mac = signingKeys.mac(secret: secret, date: scope.date, region: scope.region, service: scope.service)
        var canonical: [UInt8] = []
        var toSign: [UInt8] = []
        // The list as signed when nothing was lower-cased and no name was empty (`a;;b`).
        let signedList = !lowered && names.reduce(names.count - 1, { $0 + $1.utf8.count }) == signedHeaders.utf8.count
            ? signedHeaders : names.joined(separator: ";")
        // The canonical URI is normally the path decoded and re-encoded; a client that signed its
        // own (differently escaped) path is accepted too.
        let canonicalURI = SigV4.canonicalURI(rawPath: request.rawPath)
        // SDKs send a lower-case signature: no copy then.
        let expected = signature.containsByte(where: { $0 &- UInt8(ascii: "A") < 26 }) ? signature.lowercased() : signature
        for uri in canonicalURI == request.rawPath ? [canonicalURI] : [canonicalURI, request.rawPath] {
            canonical = SigV4.canonicalRequestBytes(method: request.method.rawValue, canonicalURI: uri, canonicalQuery: query,
                                                    headers: headers, signedHeaders: signedList, payloadHash: payloadHash)
            toSign = SigV4.stringToSign(amzDate: amzDate, scope: scope.string, canonicalRequest: canonical)
            if ConstantTime.equals(SigV4.signature(mac: mac, stringToSign: toSign), expected) { return }
        }
        throw WireError(.signatureDoesNotMatch,
                           "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                           details: [.init("AWSAccessKeyId", scope.accessKey), .init("StringToSign", String(decoding: toSign, as: UTF8.self)), .init("SignatureProvided", signature),
                                     .init("CanonicalRequest", String(decoding: canonical, as: UTF8.self))])
    }

    static func compactDate(fromHTTPDate s: String) -> String? {
        guard let t = Timestamp(httpDate: s) else { return nil }
        let c = t.utcComponents
        func p(_ v: Int, _ w: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(p(c.year, 4))\(p(c.month))\(p(c.day))T\(p(c.hour))\(p(c.minute))\(p(c.second))Z"
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        return s
    }
}
