import Crypto
public import TesseraCore
import TesseraHTTP

/// Signs a request with SigV4 headers (`Authorization`, `x-amz-date`, `x-amz-content-sha256`).
/// Used by Tessera's own clients: the admin commands and the benchmark.
public struct SigV4Signer: Sendable {
    /// Access key.
    public var accessKey: String
    /// Secret key.
    public var secretKey: String
    /// Region in the credential scope.
    public var region: String
    /// Signing keys derived for this signer's secrets and days: a key costs four HMACs, and the
    /// benchmark signs every request on the same two cores as the server it measures.
    private let keys = SigningKeyCache(capacity: 16)

    /// Creates a signer.
    public init(accessKey: String, secretKey: String, region: String = "us-east-1") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
    }

    /// The headers to add to a request of `method` to `host` (`host[:port]`), `rawPath` and
    /// `rawQuery` (already percent-encoded), with `body`, at `now`.
    public func headers(method: String, host: String, rawPath: String, rawQuery: String, body: [UInt8], now: Timestamp) -> [(name: String, value: String)] {
        headers(method: method, host: host, rawPath: rawPath, rawQuery: rawQuery, payloadHash: Identifiers.hex(SHA256.hash(data: body)), now: now)
    }

    /// The same with a given payload hash (`UNSIGNED-PAYLOAD` for large bodies).
    public func headers(method: String, host: String, rawPath: String, rawQuery: String, payloadHash: String, now: Timestamp) -> [(name: String, value: String)] {
        let amzDate = now.compactISO8601
        let date = String(amzDate.prefix(8))
        let signed: [(name: String, value: String)] = [("host", host), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)]
        let signedNames = signed.map(\.name).joined(separator: ";")
        let canonical = SigV4.canonicalRequest(method: method, canonicalURI: SigV4.canonicalURI(rawPath: rawPath),
                                               canonicalQuery: SigV4.canonicalQuery(rawQuery: rawQuery), headers: signed,
                                               signedHeaders: signedNames, payloadHash: payloadHash)
        let scope = "\(date)/\(region)/s3/aws4_request"
        let mac = keys.mac(secret: secretKey, date: date, region: region, service: "s3")
        let signature = SigV4.signature(mac: mac, stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical))
        return [
            ("x-amz-date", amzDate), ("x-amz-content-sha256", payloadHash),
            ("Authorization", "\(SigV4.algorithm) Credential=\(accessKey)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"),
        ]
    }
}
