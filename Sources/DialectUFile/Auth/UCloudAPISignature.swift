import Crypto
import TesseraCore
import TesseraHTTP

/// UCloud's API signature: the parameters (with `PublicKey`, without `Signature`) sorted by
/// name, each `name` + `value` concatenated, the private key appended, lower-hex SHA-1 of that.
public enum UCloudAPISignature {
    /// The signature of `parameters` under `privateKey`.
    public static func sign(_ parameters: [(name: String, value: String)], privateKey: String) -> String {
        let text = parameters.sorted { $0.name < $1.name }.map { $0.name + $0.value }.joined() + privateKey
        return Identifiers.hex(Insecure.SHA1.hash(data: Array(text.utf8)))
    }

    /// The credential whose private key signed `form`; 403 otherwise (as the other UFile failures).
    static func verify(_ form: UFileAPIForm, lookup: UCloudVerifier.Lookup) async throws -> Credential {
        guard let publicKey = form["PublicKey"], let credential = try await lookup(publicKey) else {
            throw WireError(.invalidAccessKeyId, "The PublicKey you provided does not exist in our records.")
        }
        let expected = sign(form.parameters, privateKey: credential.secretKey)
        guard ConstantTime.equals(expected, form.signature.lowercased()) else {
            throw WireError(.signatureDoesNotMatch, "The Signature does not match the parameters signed with your private key.")
        }
        return credential
    }
}
