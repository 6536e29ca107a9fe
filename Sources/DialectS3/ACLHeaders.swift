import TesseraCore
import TesseraHTTP

/// `x-amz-acl` (a canned ACL) or `x-amz-grant-read / -write / -read-acp / -write-acp /
/// -full-control` (`id="…"` or `uri="…"` grantees, comma-separated), on CreateBucket, PutObject,
/// CopyObject, CreateMultipartUpload and the Put…Acl calls.
enum ACLHeaders {
    static let grantHeaders: [(String, Permission)] = [
        ("x-amz-grant-read", .read), ("x-amz-grant-write", .write), ("x-amz-grant-read-acp", .readACP),
        ("x-amz-grant-write-acp", .writeACP), ("x-amz-grant-full-control", .fullControl),
    ]

    /// The ACL the headers ask for; `nil` when they name none. Both forms at once, an unknown
    /// canned ACL or grantee, and e-mail grantees (which need AWS's account directory) are 400.
    static func parse(_ r: WireRequest) throws(StorageError) -> AccessControlList? {
        // Nearly every request names no ACL: one pass over the field names instead of eleven
        // lookups of absent headers (5,700 instructions an initiate or PUT; callgrind).
        // By position: `contains(where:)` handed its closure a copy of each field.
        guard r.headers.indices.contains(where: { namesACL(r.headers[$0].name.canonicalName) }) else { return nil }
        let canned = r.header("x-amz-acl")
        var grants: [Grant] = []
        for (header, permission) in grantHeaders {
            guard let value = r.header(header) else { continue }
            for grantee in try grantees(value, header: header) { grants.append(Grant(grantee, permission)) }
        }
        if let canned {
            guard grants.isEmpty else {
                throw StorageError(.invalidRequest, "Specifying both Canned ACLs and Header Grants is not allowed")
            }
            guard let acl = CannedACL(rawValue: canned.trimmingSpaces()) else {
                throw StorageError.invalidArgument("", name: "x-amz-acl", value: canned)
            }
            return acl.list
        }
        return grants.isEmpty && !grantHeaders.contains(where: { r.header($0.0) != nil }) ? nil : AccessControlList(grants: grants)
    }

    /// Whether a (lower-case) field name may be one of the ACL headers.
    ///
    /// Compared in the name's own buffer: `starts(with:)` between two `UTF8View`s cost 235
    /// instructions a field, 3,700 a request (callgrind).
    private static func namesACL(_ name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.starts(with: aclPrefix) || bytes.starts(with: grantPrefix)
        } ?? (name.utf8.starts(with: aclPrefix) || name.utf8.starts(with: grantPrefix))
    }

    private static let aclPrefix = Array("x-amz-acl".utf8)
    private static let grantPrefix = Array("x-amz-grant-".utf8)

    /// `id="abc", uri="http://acs.amazonaws.com/groups/global/AllUsers"`.
    static func grantees(_ value: String, header: String) throws(StorageError) -> [Grantee] {
        var out: [Grantee] = []
        for item in value.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw StorageError.invalidArgument("Invalid grant.", name: header, value: value) }
            let kind = pair[0].trimmingCharacters().lowercased()
            var v = pair[1].trimmingCharacters()
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = v.dropFirst().dropLast() }
            out.append(try grantee(kind: kind, value: String(v), header: header))
        }
        return out
    }

    static func grantee(kind: String, value: String, header: String) throws(StorageError) -> Grantee {
        switch kind {
        case "id":
            guard !value.isEmpty else { throw StorageError.invalidArgument("Invalid id", name: header, value: value) }
            return .user(id: value)
        case "uri":
            switch value {
            case Grantee.allUsersURI: return .allUsers
            case Grantee.authenticatedUsersURI: return .authenticatedUsers
            default: throw StorageError.invalidArgument("Invalid group uri", name: header, value: value)
            }
        case "emailaddress":
            throw StorageError.invalidArgument("Grants by e-mail address are not supported; grant to the canonical id.", name: header, value: value)
        default:
            throw StorageError.invalidArgument("Invalid grantee type.", name: header, value: kind)
        }
    }
}
