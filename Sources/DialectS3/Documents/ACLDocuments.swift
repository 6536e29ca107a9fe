import TesseraCore
import TesseraHTTP

/// S3's `AccessControlPolicy` document (GetBucketAcl / GetObjectAcl, and the body of Put…Acl).
enum ACLDocuments {
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"

    /// The owner's FULL_CONTROL first, then the other grants (a `bucketOwner` grantee shown as the
    /// bucket owner's canonical id).
    static func render(_ p: AccessPolicy) -> String {
        var x = XMLWriter()
        x.open("AccessControlPolicy", xmlns: s3Namespace)
        x.principal("Owner", p.owner)
        x.element("AccessControlList") { l in
            grant(&l, .user(id: p.owner.id), .fullControl, p)
            for g in p.acl.grants { grant(&l, g.grantee, g.permission, p) }
        }
        x.close("AccessControlPolicy")
        return x.document
    }

    private static func grant(_ l: inout XMLWriter, _ grantee: Grantee, _ permission: Permission, _ p: AccessPolicy) {
        l.element("Grant") { g in
            switch grantee {
            case .user(let id):
                g.open("Grantee", attributes: [("xmlns:xsi", xsi), ("xsi:type", "CanonicalUser")])
                g.element("ID", id)
                if id == p.owner.id { g.element("DisplayName", p.owner.displayName) }
            case .bucketOwner:
                g.open("Grantee", attributes: [("xmlns:xsi", xsi), ("xsi:type", "CanonicalUser")])
                g.element("ID", p.bucketOwner.id)
                g.element("DisplayName", p.bucketOwner.displayName)
            case .allUsers, .authenticatedUsers:
                g.open("Grantee", attributes: [("xmlns:xsi", xsi), ("xsi:type", "Group")])
                g.element("URI", grantee == .allUsers ? Grantee.allUsersURI : Grantee.authenticatedUsersURI)
            }
            g.close("Grantee")
            g.element("Permission", permission.rawValue)
        }
    }

    /// Parses an `AccessControlPolicy` body; the owner's own FULL_CONTROL grant is implied and
    /// dropped. Unknown permissions or grantees are `malformedDocument` / `invalidArgument`.
    static func parse(_ body: [UInt8], owner: Owner) throws(StorageError) -> AccessControlList {
        let root: XMLElement
        do { root = try XMLReader.parse(body) } catch { throw MultipartDocuments.malformed }
        guard root.name == "AccessControlPolicy", let list = root.child("AccessControlList") else {
            throw MultipartDocuments.malformed
        }
        var grants: [Grant] = []
        for g in list.children("Grant") {
            guard let e = g.child("Grantee"), let p = g.child("Permission").flatMap({ Permission(rawValue: $0.text) }) else {
                throw MultipartDocuments.malformed
            }
            let grantee: Grantee
            if let id = e.child("ID")?.text {
                grantee = try ACLHeaders.grantee(kind: "id", value: id, header: "AccessControlPolicy")
            } else if let uri = e.child("URI")?.text {
                grantee = try ACLHeaders.grantee(kind: "uri", value: uri, header: "AccessControlPolicy")
            } else if let mail = e.child("EmailAddress")?.text {
                grantee = try ACLHeaders.grantee(kind: "emailaddress", value: mail, header: "AccessControlPolicy")
            } else {
                throw MultipartDocuments.malformed
            }
            if grantee == .user(id: owner.id), p == .fullControl { continue }
            grants.append(Grant(grantee, p))
        }
        return AccessControlList(grants: grants)
    }
}
