public import TesseraCore

/// Creating and listing credentials (the admin bootstrap and `tessera user`).
public enum Credentials {
    /// A new random access key (20 upper-case alphanumerics, like AWS's).
    public static func newAccessKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return "TS" + String(Identifiers.randomBytes(18).map { alphabet[Int($0) % alphabet.count] })
    }

    /// A new random secret key (40 base64 characters).
    public static func newSecretKey() -> String {
        String(Base64.encode(Identifiers.randomBytes(30)).prefix(40))
    }

    /// Adds a user's credential; generates keys not given.
    public static func add(name: String, accessKey: String?, secretKey: String?, isAdmin: Bool,
                           to store: any MetadataStore, clock: any WallClock = SystemClock()) async throws -> Credential {
        let credential = Credential(
            accessKey: accessKey ?? newAccessKey(), secretKey: secretKey ?? newSecretKey(),
            owner: Owner(id: Identifiers.hex(Identifiers.randomBytes(16)), displayName: name), isAdmin: isAdmin, created: clock.now())
        try await store.addCredential(credential)
        return credential
    }

    /// On first start: creates the admin credential (from the given keys or generated).
    /// Returns it if it was created now, `nil` if credentials already existed.
    public static func bootstrapAdmin(store: any MetadataStore, accessKey: String?, secretKey: String?) async throws -> Credential? {
        let existing = try await store.credentials()
        if let accessKey, let secretKey {
            if let found = existing.first(where: { $0.accessKey == accessKey }) {
                guard found.secretKey == secretKey else {
                    throw StorageError(.invalidArgument, "TESSERA_ACCESS_KEY exists with a different secret key.")
                }
                return nil
            }
            return try await add(name: "admin", accessKey: accessKey, secretKey: secretKey, isAdmin: true, to: store)
        }
        guard existing.isEmpty else { return nil }
        return try await add(name: "admin", accessKey: nil, secretKey: nil, isAdmin: true, to: store)
    }
}
