import Crypto
import HTTPTypes
import TesseraCore
import TesseraHTTP

/// AWS Signature Version 2: `Authorization: AWS AK:signature` and the query form
/// (`AWSAccessKeyId`, `Expires`, `Signature`), which boto3's `generate_presigned_url` produces
/// by default. HMAC-SHA1 over method, Content-MD5, Content-Type, date (or Expires),
/// the `x-amz-*` headers and the canonical resource.
struct SigV2Verifier: Sendable {
    let lookup: SigV4Verifier.Lookup
    let clock: any WallClock
    let maxSkew: Int64

    /// Sub-resources that are part of the signed resource.
    static let subresources: Set<String> = [
        "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website", "cors", "tagging",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    ]

    static func isSigned(_ r: WireRequest) -> Bool {
        if let a = r.header(.authorization), a.hasPrefix("AWS ") { return true }
        return r.query.has("AWSAccessKeyId") && r.query.has("Signature")
    }

    /// Verifies `r`; `resourcePrefix` is `/bucket` for a virtual-hosted-style request (SigV2's
    /// resource is the path-style one).
    func verify(_ r: WireRequest, resourcePrefix: String = "") async throws -> S3Authentication {
        let accessKey: String, signature: String, date: String
        if let a = r.header(.authorization), a.hasPrefix("AWS ") {
            let rest = a.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":") else {
                throw WireError(.authorizationMalformed, "The authorization header is malformed.")
            }
            accessKey = String(rest[..<colon])
            signature = String(rest[rest.index(after: colon)...])
            if r.header("x-amz-date") != nil {
                date = ""
            } else {
                guard let d = r.header(.date) else {
                    throw WireError(.missingAuthentication, "AWS authentication requires a valid Date or x-amz-date header")
                }
                date = d
            }
            let when = r.header("x-amz-date") ?? date
            guard let t = Timestamp(httpDate: when) else {
                throw WireError(.missingAuthentication, "AWS authentication requires a valid Date or x-amz-date header")
            }
            if abs(clock.now().seconds - t.seconds) > maxSkew {
                throw WireError(.requestTimeTooSkewed, "The difference between the request time and the current time is too large.")
            }
        } else {
            guard let ak = r.query["AWSAccessKeyId"], let sig = r.query["Signature"], let expires = r.query["Expires"],
                  let e = Int64(expires) else {
                throw WireError(.authorizationMalformed, "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
            }
            if clock.now().seconds > e {
                throw WireError(.requestExpired, "Request has expired", details: [.init("Expires", Timestamp(seconds: e).iso8601)])
            }
            accessKey = ak
            signature = sig
            date = expires
        }
        guard let credential = try await lookup(accessKey) else {
            throw WireError(.invalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.", details: [.init("AWSAccessKeyId", accessKey)])
        }
        let toSign = SigV2Verifier.stringToSign(r, date: date, resourcePrefix: resourcePrefix)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(toSign.utf8), using: SymmetricKey(data: Array(credential.secretKey.utf8)))
        guard ConstantTime.equals(Base64.encode(Array(mac)), signature) else {
            throw WireError(.signatureDoesNotMatch,
                               "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                               details: [.init("AWSAccessKeyId", accessKey), .init("StringToSign", toSign), .init("SignatureProvided", signature)])
        }
        return S3Authentication(credential: credential, payload: .unsigned)
    }

    static func stringToSign(_ r: WireRequest, date: String, resourcePrefix: String = "") -> String {
        var amz: [(String, String)] = []
        for (name, value) in r.headers.namesAndValues(canonicalPrefix: "x-amz-") {
            amz.append((name, value.trimmingSpaces()))
        }
        let grouped = Dictionary(grouping: amz, by: \.0).map { ($0.key, $0.value.map(\.1).joined(separator: ",")) }
        let amzBlock = grouped.sorted { $0.0 < $1.0 }.map { "\($0.0):\($0.1)\n" }.joined()
        var subs: [(String, String?)] = []
        for p in r.query.pairs where subresources.contains(p.name) { subs.append((p.name, p.value)) }
        subs.sort { $0.0 < $1.0 }
        var resource = resourcePrefix + r.rawPath
        if !subs.isEmpty {
            resource += "?" + subs.map { s in s.1.map { "\(s.0)=\($0)" } ?? s.0 }.joined(separator: "&")
        }
        return [r.method.rawValue, r.header("content-md5") ?? "", r.header(.contentType) ?? "", date].joined(separator: "\n")
            + "\n" + amzBlock + resource
    }
}
