import HTTPTypes
public import TesseraCore
public import TesseraHTTP

/// Verifies `Authorization: UCloud <publicKey>:<signature>` and the query form
/// (`UCloudPublicKey`, `Expires`, `Signature`, expiry enforced).
public struct UCloudVerifier: Sendable {
    /// Looks up a credential by public key (the S3 access key).
    public typealias Lookup = @Sendable (String) async throws -> Credential?

    let lookup: Lookup
    let clock: any WallClock

    /// Creates a verifier.
    public init(lookup: @escaping Lookup, clock: any WallClock) {
        self.lookup = lookup
        self.clock = clock
    }

    /// Whether `request` carries UCloud credentials.
    public static func isSigned(_ request: WireRequest) -> Bool {
        request.header(.authorization)?.hasPrefix("UCloud ") == true || request.query.has("UCloudPublicKey")
    }

    /// Authenticates a request to `bucket`/`key`; `authorization` overrides the header (form uploads).
    public func verify(_ r: WireRequest, bucket: String, key: String, authorization: String? = nil,
                       contentType: String? = nil) async throws -> Credential {
        if let auth = authorization ?? r.header(.authorization) {
            guard auth.hasPrefix("UCloud "), let colon = auth.lastIndex(of: ":") else {
                throw WireError(.authorizationMalformed, "The Authorization header is not 'UCloud <publicKey>:<signature>'.")
            }
            let publicKey = String(auth[auth.index(auth.startIndex, offsetBy: 7)..<colon])
            let signature = String(auth[auth.index(after: colon)...])
            let credential = try await self.credential(publicKey)
            let ucloud = r.headers.namesAndValues(canonicalPrefix: "x-ucloud-").map { ($0.name, $0.value.trimmingSpaces()) }
            var list: [(String, String)]?
            if r.query.has("listobjects") {
                list = ["delimiter", "marker", "max-keys", "prefix"].map { ($0, r.query[$0] ?? "") }
            }
            let sentType = contentType ?? r.header(.contentType) ?? ""
            // The SDK signs listobjects with an empty Content-Type line whatever it sends.
            let types = list == nil ? [sentType] : [sentType, ""]
            for type in Set(types) {
                let toSign = UCloudSigner.stringToSign(method: r.method.rawValue, contentMD5: r.header("content-md5") ?? "", contentType: type,
                                                       date: r.header(.date) ?? "", ucloudHeaders: ucloud, bucket: bucket, key: key, listObjects: list)
                if ConstantTime.equals(UCloudSigner.signature(privateKey: credential.secretKey, stringToSign: toSign), signature) { return credential }
            }
            throw WireError(.signatureDoesNotMatch, "The request signature does not match.")
        }
        guard let publicKey = r.query["UCloudPublicKey"], let expiresText = r.query["Expires"], let expires = Int64(expiresText),
              let signature = r.query["Signature"] else {
            throw WireError(.missingAuthentication, "The request carries no UCloud authorization.")
        }
        if clock.now().seconds > expires { throw WireError(.requestExpired, "The signed URL has expired.") }
        let credential = try await self.credential(publicKey)
        let toSign = UCloudSigner.stringToSign(method: r.method.rawValue, contentMD5: "", contentType: "", date: expiresText, ucloudHeaders: [],
                                               bucket: bucket, key: key)
        guard ConstantTime.equals(UCloudSigner.signature(privateKey: credential.secretKey, stringToSign: toSign), signature) else {
            throw WireError(.signatureDoesNotMatch, "The request signature does not match.")
        }
        return credential
    }

    private func credential(_ publicKey: String) async throws -> Credential {
        guard let c = try await lookup(publicKey) else {
            throw WireError(.invalidAccessKeyId, "The public key does not exist.", details: [.init("PublicKey", publicKey)])
        }
        return c
    }
}
