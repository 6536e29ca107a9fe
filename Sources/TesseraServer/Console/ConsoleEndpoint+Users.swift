import TesseraCore
import TesseraHTTP

/// Users and their keys (admins only): add a user (keys shown once), add and revoke keys, remove
/// a user — the same rules as `tessera user`.
extension ConsoleEndpoint {
    func users(_ visitor: ConsoleVisitor, created: UsersPage.Created?) async throws -> WireResponse {
        guard visitor.isAdmin else { throw StorageError.accessDenied("Only an admin manages users.") }
        let all = try await engine.metadata.credentials()
        var byOwner: [String: [Credential]] = [:]
        for c in all { byOwner[c.owner.id, default: []].append(c) }
        let rows = byOwner.values.map { keys in
            let sorted = keys.sorted { $0.created < $1.created }
            return UsersPage.User(name: sorted[0].owner.displayName, isAdmin: sorted.contains(where: \.isAdmin),
                                  keys: sorted.map { UsersPage.Key(accessKey: $0.accessKey, created: ConsoleFormat.instant($0.created)) },
                                  keyCount: ConsoleFormat.count(sorted.count, "key"))
        }.sorted { $0.name < $1.name }
        return html(pages.render("users", UsersPage(nav: visitor.nav("users"), users: rows, created: created)))
    }

    func userAction(_ visitor: ConsoleVisitor, _ form: QueryParameters) async throws -> WireResponse {
        guard visitor.isAdmin else { throw StorageError.accessDenied("Only an admin manages users.") }
        let store = engine.metadata
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        switch form["action"] {
        case "add":
            guard !name.isEmpty, name.count <= 64 else { throw StorageError.invalidArgument("A user needs a name (at most 64 characters).", name: "name", value: name) }
            let c = try await Credentials.addUser(name: name, accessKey: nil, secretKey: nil, to: store, clock: engine.clock)
            return try await users(visitor, created: UsersPage.Created(what: "User \(name) added", accessKey: c.accessKey, secretKey: c.secretKey))
        case "add-key":
            let c = try await Credentials.addKey(name: name, to: store, clock: engine.clock)
            return try await users(visitor, created: UsersPage.Created(what: "New key for \(name)", accessKey: c.accessKey, secretKey: c.secretKey))
        case "revoke":
            try await Credentials.revoke(accessKey: form["accessKey"] ?? "", from: store)
        case "remove":
            _ = try await Credentials.removeUser(name: name, from: store)
        default:
            throw StorageError.invalidArgument("Unknown user action.", name: "action", value: form["action"] ?? "")
        }
        return Self.redirect("/console/users")
    }
}

/// The users page's view.
struct UsersPage: Sendable {
    struct Key: Sendable {
        let accessKey, created: String
    }

    struct User: Sendable {
        let name: String
        let isAdmin: Bool
        let keys: [Key]
        let keyCount: String
    }

    /// A key pair just made: shown this once.
    struct Created: Sendable {
        let what, accessKey, secretKey: String
    }

    let nav: Nav
    let users: [User]
    let created: Created?
}
