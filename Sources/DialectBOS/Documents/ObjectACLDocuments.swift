import Foundation
import TesseraCore
import TesseraHTTP

/// BOS's object ACL, kept as the object's grants: READ or FULL_CONTROL to user ids or to
/// everyone (`*`), set by `x-bce-acl` (`private`, `public-read`), by `x-bce-grant-read` /
/// `x-bce-grant-full-control` (`id="…",id="…"`), or by a document of `accessControlList`
/// entries (only `grantee` and `permission`, as BOS takes them for objects).
enum ObjectACLDocuments {
    /// The grants the request's headers set, or `nil` when it sets them by a document. One kind
    /// of header at a time, as BOS requires.
    static func headers(_ r: WireRequest) throws(StorageError) -> AccessControlList? {
        let canned = r.header("x-bce-acl"), read = r.header("x-bce-grant-read"), full = r.header("x-bce-grant-full-control")
        guard [canned, read, full].compactMap({ $0 }).count <= 1 else {
            throw StorageError.invalidArgument("Only one of x-bce-acl, x-bce-grant-read and x-bce-grant-full-control may be sent",
                                               name: "x-bce-acl", value: canned ?? "")
        }
        if let canned {
            switch canned {
            case "private": return .private
            case "public-read": return AccessControlList(grants: [Grant(.allUsers, .read)])
            default: throw StorageError.invalidArgument("Invalid canned ACL for an object: \(canned)", name: "x-bce-acl", value: canned)
            }
        }
        if let read { return AccessControlList(grants: try ids(read, name: "x-bce-grant-read").map { Grant($0, .read) }) }
        if let full { return AccessControlList(grants: try ids(full, name: "x-bce-grant-full-control").map { Grant($0, .fullControl) }) }
        return nil
    }

    /// `id="a",id="b"` as grantees (`*`: everyone).
    private static func ids(_ text: String, name: String) throws(StorageError) -> [Grantee] {
        var out: [Grantee] = []
        for item in text.split(separator: ",") {
            var t = item[...]
            while t.first == " " { t = t.dropFirst() }
            while t.last == " " { t = t.dropLast() }
            var id = t.hasPrefix("id=") ? t.dropFirst(3) : ""
            if id.count >= 2, id.first == "\"", id.last == "\"" { id = id.dropFirst().dropLast() }
            guard !id.isEmpty, !id.contains("\"") else {
                throw StorageError.invalidArgument("Invalid \(name): \(text)", name: name, value: text)
            }
            out.append(id == "*" ? .allUsers : .user(id: String(id)))
        }
        return out
    }

    /// The grants of a PutObjectAcl document.
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> AccessControlList {
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let entries = json["accessControlList"] as? [[String: Any]] else { throw RequestDocuments.inappropriate }
        var grants: [Grant] = []
        for entry in entries {
            guard let grantees = entry["grantee"] as? [[String: Any]], let permissions = entry["permission"] as? [String],
                  !grantees.isEmpty, !permissions.isEmpty, entry.keys.allSatisfy({ $0 == "grantee" || $0 == "permission" }) else {
                throw StorageError.invalidArgument("An object's ACL entry has a grantee and a permission only", name: "accessControlList", value: "")
            }
            for g in grantees {
                guard let id = g["id"] as? String, !id.isEmpty else {
                    throw StorageError.invalidArgument("A grantee needs an id", name: "accessControlList", value: "")
                }
                for p in permissions {
                    guard let permission = ["READ": Permission.read, "FULL_CONTROL": .fullControl][p] else {
                        throw StorageError.invalidArgument("Invalid permission for an object: \(p)", name: "accessControlList", value: p)
                    }
                    grants.append(Grant(id == "*" ? .allUsers : .user(id: id), permission))
                }
            }
        }
        return AccessControlList(grants: grants)
    }

    /// GetObjectAcl's answer: the object's owner with FULL_CONTROL, then its READ and
    /// FULL_CONTROL grants (everyone as `*`).
    static func render(_ policy: AccessPolicy) -> String {
        var entries: [[String: Any]] = [["grantee": [["id": policy.owner.id]], "permission": ["FULL_CONTROL"]]]
        for g in policy.acl.grants {
            let id: String
            switch g.grantee {
            case .allUsers: id = "*"
            case .user(let user): id = user
            case .bucketOwner: id = policy.bucketOwner.id
            case .authenticatedUsers: continue  // BOS has no such group
            }
            guard g.permission == .read || g.permission == .fullControl else { continue }
            entries.append(["grantee": [["id": id]], "permission": [g.permission.rawValue]])
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["accessControlList": entries],
                                                options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
