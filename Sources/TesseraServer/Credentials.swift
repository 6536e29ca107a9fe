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

    /// Adds a user with a fresh owner id; a name already in use is refused (a second key for a
    /// user is ``addKey(name:to:clock:)``).
    public static func addUser(name: String, accessKey: String?, secretKey: String?, to store: any MetadataStore,
                               clock: any WallClock = SystemClock()) async throws -> Credential {
        guard try await !store.credentials().contains(where: { $0.owner.displayName == name }) else {
            throw StorageError.invalidArgument("A user named \(name) exists; give it another key with 'tessera user key add \(name)'.",
                                               name: "name", value: name)
        }
        return try await add(name: name, accessKey: accessKey, secretKey: secretKey, isAdmin: false, to: store, clock: clock)
    }

    /// A new key pair for the existing user `name` (same owner, same rights).
    public static func addKey(name: String, to store: any MetadataStore, clock: any WallClock = SystemClock()) async throws -> Credential {
        guard let existing = try await store.credentials().first(where: { $0.owner.displayName == name }) else {
            throw StorageError.invalidArgument("No user is named \(name).", name: "name", value: name)
        }
        let credential = Credential(accessKey: newAccessKey(), secretKey: newSecretKey(), owner: existing.owner,
                                    isAdmin: existing.isAdmin, created: clock.now())
        try await store.addCredential(credential)
        return credential
    }

    /// Revokes one key. The last key of the last admin is kept (nobody could administer the
    /// server without it).
    public static func revoke(accessKey: String, from store: any MetadataStore) async throws {
        let all = try await store.credentials()
        guard let c = all.first(where: { $0.accessKey == accessKey }) else {
            throw StorageError.invalidArgument("No such access key.", name: "accessKey", value: accessKey)
        }
        guard !c.isAdmin || all.contains(where: { $0.isAdmin && $0.accessKey != accessKey }) else {
            throw StorageError.invalidArgument("This is the last admin key; add another before revoking it.", name: "accessKey", value: accessKey)
        }
        _ = try await store.removeCredential(accessKey: accessKey)
    }

    /// Removes a user and every key of theirs; refused while they own buckets (their data stays
    /// reachable) or when they are the only admin. Returns the keys removed.
    public static func removeUser(name: String, from store: any MetadataStore) async throws -> [Credential] {
        let all = try await store.credentials()
        let theirs = all.filter { $0.owner.displayName == name }
        guard let owner = theirs.first?.owner else { throw StorageError.invalidArgument("No user is named \(name).", name: "name", value: name) }
        let buckets = try await store.buckets().filter { $0.owner.id == owner.id }
        guard buckets.isEmpty else {
            throw StorageError.invalidArgument("\(name) owns \(buckets.count == 1 ? "1 bucket" : "\(buckets.count) buckets") (\(buckets.map(\.name.value).joined(separator: ", "))); delete them first.",
                                               name: "name", value: name)
        }
        guard !theirs.contains(where: \.isAdmin) || all.contains(where: { $0.isAdmin && $0.owner.id != owner.id }) else {
            throw StorageError.invalidArgument("\(name) is the only admin.", name: "name", value: name)
        }
        for c in theirs { _ = try await store.removeCredential(accessKey: c.accessKey) }
        return theirs
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
            do {
                return try await add(name: "admin", accessKey: accessKey, secretKey: secretKey, isAdmin: true, to: store)
            } catch let e as StorageError where e.code == .invalidArgument {
                // Another gateway sharing the database added it first: check it is the same key.
                guard try await store.credential(accessKey: accessKey)?.secretKey == secretKey else { throw e }
                return nil
            }
        }
        guard existing.isEmpty else { return nil }
        return try await add(name: "admin", accessKey: nil, secretKey: nil, isAdmin: true, to: store)
    }
}
