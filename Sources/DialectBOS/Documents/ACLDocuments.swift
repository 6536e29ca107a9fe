import Foundation
import TesseraCore
import TesseraHTTP

/// BOS's bucket ACL: `{"accessControlList":[{"grantee":[{"id":…}],"permission":[…],
/// "resource":[…],"notResource":[…],"condition":{…},"effect":"Allow"|"Deny"}]}`, each entry a
/// statement of the bucket's access list (grantee `*` is everyone); or a canned ACL
/// (`x-bce-acl: private | public-read | public-read-write`). The bucket's owner always has
/// FULL_CONTROL, shown first by GetBucketAcl and never stored.
enum ACLDocuments {
    /// The actions each BOS permission gives.
    static let permissions: [String: Set<AccessAction>] = {
        let list: Set<AccessAction> = [.listBucket, .listBucketMultipartUploads, .listMultipartUploadParts]
        let read: Set<AccessAction> = list.union([.getObject, .getObjectAttributes])
        let modify: Set<AccessAction> = [.putObject, .abortMultipartUpload, .listMultipartUploadParts]
        let write = modify.union(list).union([.deleteObject, .putObjectTagging, .deleteObjectTagging])
        return [
            "READ": read, "LIST": list, "WRITE": write, "MODIFY": modify,
            "FULL_CONTROL": Set(AccessAction.allCases).subtracting([.readUnsetConfiguration]),
            "GetObject": [.getObject, .getObjectAttributes], "PutObject": [.putObject], "DeleteObject": [.deleteObject],
            "ListObjects": [.listBucket], "ListParts": [.listMultipartUploadParts], "ListMultipartUploads": [.listBucketMultipartUploads],
            "AbortMultipartUpload": [.abortMultipartUpload], "GetObjectAcl": [.getObjectAcl], "PutObjectAcl": [.putObjectAcl],
            "GetBucketAcl": [.getBucketAcl], "PutBucketAcl": [.putBucketAcl],
        ]
    }()

    /// The access list a canned ACL stands for (`nil`: private); `invalidArgument` for another name.
    static func canned(_ name: String, bucket: BucketName) throws(StorageError) -> BucketPolicy? {
        let entries: [[String: Any]]
        switch name {
        case "private": return nil
        case "public-read": entries = [["grantee": [["id": "*"]], "permission": ["READ"]]]
        case "public-read-write": entries = [["grantee": [["id": "*"]], "permission": ["READ", "WRITE"]]]
        default: throw StorageError.invalidArgument("Invalid canned ACL: \(name)", name: "x-bce-acl", value: name)
        }
        return try list(entries, bucket: bucket, owner: nil)
    }

    /// The access list of a PutBucketAcl body; entries granting only `owner` are dropped (the
    /// owner has FULL_CONTROL anyway). InappropriateJSON for what is not one.
    static func parse(_ bytes: [UInt8], bucket: BucketName, owner: Owner) throws(StorageError) -> BucketPolicy? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let entries = json["accessControlList"] as? [[String: Any]] else { throw RequestDocuments.inappropriate }
        return try list(entries, bucket: bucket, owner: owner)
    }

    /// GetBucketAcl's answer: the owner's FULL_CONTROL, then the stored entries.
    static func render(_ list: BucketPolicy?, owner: Owner) -> String {
        let mine: [String: Any] = ["grantee": [["id": owner.id]], "permission": ["FULL_CONTROL"]]
        var entries: [Any] = [mine]
        if let list, let stored = try? JSONSerialization.jsonObject(with: Data(list.document.utf8)) as? [Any] { entries += stored }
        let body: [String: Any] = ["accessControlList": entries, "owner": ["id": owner.id]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func list(_ entries: [[String: Any]], bucket: BucketName, owner: Owner?) throws(StorageError) -> BucketPolicy? {
        var kept: [[String: Any]] = []
        var statements: [PolicyStatement] = []
        for entry in entries {
            let (statement, ids) = try self.statement(entry, bucket: bucket)
            if let owner, ids == [owner.id], statement.allows { continue }
            kept.append(entry)
            statements.append(statement)
        }
        guard !statements.isEmpty else { return nil }
        let data = (try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return BucketPolicy(document: String(decoding: data, as: UTF8.self), statements: statements)
    }

    private static let fields: Set<String> = ["grantee", "permission", "resource", "notResource", "condition", "effect", "id"]

    /// One entry as a statement, and the grantees' ids.
    private static func statement(_ entry: [String: Any], bucket: BucketName) throws(StorageError) -> (PolicyStatement, [String]) {
        for field in entry.keys where !fields.contains(field) { throw invalid("Unknown field \(field) in accessControlList") }
        guard let grantees = entry["grantee"] as? [[String: Any]], !grantees.isEmpty,
              let permissionNames = entry["permission"] as? [String], !permissionNames.isEmpty else {
            throw invalid("Each accessControlList entry needs a grantee and a permission")
        }
        var ids: [String] = []
        for g in grantees {
            guard let id = g["id"] as? String, !id.isEmpty else { throw invalid("A grantee needs an id") }
            ids.append(id)
        }
        var actions: Set<AccessAction> = []
        for name in permissionNames {
            guard let given = permissions[name] else { throw invalid("Invalid permission: \(name)") }
            actions.formUnion(given)
        }
        let allows: Bool
        switch entry["effect"] {
        case nil: allows = true
        case let e as String where e == "Allow" || e == "Deny": allows = e == "Allow"
        default: throw invalid("The effect must be Allow or Deny")
        }
        let resourceValue = entry["resource"] ?? entry["notResource"]
        let resources: [ResourcePattern]
        if let resourceValue {
            guard let names = resourceValue as? [String], !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
                throw invalid("A resource is a list of bucket or bucket/key patterns")
            }
            resources = names.map(ResourcePattern.init)
        } else {
            resources = [ResourcePattern(bucket.value), ResourcePattern(bucket.value + "/*")]
        }
        let principals = ids.contains("*") ? PrincipalMatch.anyone : PrincipalMatch(names: Set(ids))
        return (PolicyStatement(allows: allows, principals: principals, actions: actions, resources: resources,
                                resourcesNegated: entry["resource"] == nil && entry["notResource"] != nil,
                                conditions: try conditions(entry["condition"])), ids)
    }

    /// BOS's conditions: `ipAddress`, `notIpAddress`, `referer` (`stringLike`, `stringEquals`),
    /// `secureTransport`.
    private static func conditions(_ value: Any?) throws(StorageError) -> [PolicyCondition] {
        guard let value else { return [] }
        guard let c = value as? [String: Any] else { throw invalid("A condition is an object") }
        var out: [PolicyCondition] = []
        for (name, test) in c.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "ipAddress", "notIpAddress":
                guard let ranges = test as? [String], !ranges.isEmpty, ranges.allSatisfy({ AddressRange($0) != nil }) else {
                    throw invalid("Invalid \(name)")
                }
                out.append(PolicyCondition(name == "ipAddress" ? .ipAddress : .notIpAddress, key: "aws:SourceIp", values: ranges))
            case "referer":
                guard let tests = test as? [String: Any], !tests.isEmpty else { throw invalid("Invalid referer") }
                for (kind, patterns) in tests.sorted(by: { $0.key < $1.key }) {
                    guard let patterns = patterns as? [String], let op = ["stringLike": ConditionOperator.stringLike,
                                                                          "stringEquals": .stringEquals][kind] else {
                        throw invalid("Invalid referer")
                    }
                    out.append(PolicyCondition(op, key: "aws:Referer", values: patterns))
                }
            case "secureTransport":
                guard let flag = test as? Bool else { throw invalid("Invalid secureTransport") }
                out.append(PolicyCondition(.bool, key: "aws:SecureTransport", values: [flag ? "true" : "false"]))
            default:
                throw invalid("Invalid condition: \(name)")
            }
        }
        return out
    }

    private static func invalid(_ message: String) -> StorageError {
        StorageError.invalidArgument(message, name: "accessControlList", value: "")
    }
}
