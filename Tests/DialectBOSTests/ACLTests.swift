import Foundation
import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

/// BOS's bucket ACL: the routes, canned ACLs, BOS's PutBucketAcl example document read into
/// statements, GetBucketAcl's answer (golden), and what is not an ACL.
@Suite struct BOSACLTests {
    let golden = Golden(besides: #filePath)
    let b = try! BucketName("bucket")
    let owner = Owner(id: "e13b12d0131b4c8bae959df4969387b8", displayName: "owner")

    @Test func routes() throws {
        #expect(try BOSRouter.route(request(.get, "/bucket?acl", host: "h")) == .getBucketAcl(b))
        #expect(try BOSRouter.route(request(.put, "/v1/bucket?acl=", host: "h")) == .putBucketAcl(b))
        let k = try ObjectKey("key")
        #expect(try BOSRouter.route(request(.get, "/bucket/key?acl", host: "h")) == .getObjectAcl(b, k))
        #expect(try BOSRouter.route(request(.put, "/bucket/key?acl=", host: "h")) == .putObjectAcl(b, k))
        #expect(try BOSRouter.route(request(.delete, "/bucket/key?acl", host: "h")) == .deleteObjectAcl(b, k))
        #expect(throws: WireError.self) { try BOSRouter.route(request(.post, "/bucket/key?acl", host: "h")) }
        #expect(throws: WireError.self) { try BOSRouter.route(request(.delete, "/bucket?acl", host: "h")) }
    }

    @Test func cannedACLs() throws {
        #expect(try ACLDocuments.canned("private", bucket: b) == nil)
        let read = try #require(try ACLDocuments.canned("public-read", bucket: b))
        #expect(read.statements == [PolicyStatement(allows: true, principals: .anyone, actions: ACLDocuments.permissions["READ"]!,
                                                    resources: [ResourcePattern("bucket"), ResourcePattern("bucket/*")])])
        #expect(read.isPublic)
        let write = try #require(try ACLDocuments.canned("public-read-write", bucket: b))
        #expect(write.statements.first?.actions.contains(.deleteObject) == true)
        #expect(throws: StorageError.self) { try ACLDocuments.canned("Public-Read", bucket: self.b) }
    }

    /// BOS's PutBucketAcl example: grants with resources, conditions on the source address and
    /// the referer; the owner's own entry is not kept.
    @Test func bosExampleDocument() throws {
        let text = """
            {"accessControlList": [
              {"grantee": [{"id": "e13b12d0131b4c8bae959df4969387b8"}], "permission": ["FULL_CONTROL"]},
              {"grantee": [{"id": "8c47a952db4444c5a097b41be3f24c94"}, {"id": "*"}], "permission": ["READ", "LIST"],
               "resource": ["bucket/photos/*"],
               "condition": {"ipAddress": ["192.168.0.0/16", "10.1.2.3"],
                             "referer": {"stringLike": ["http://www.abc.com/*"], "stringEquals": ["http://www.abc.com"]}}},
              {"grantee": [{"id": "8c47a952db4444c5a097b41be3f24c94"}], "permission": ["WRITE"], "effect": "Deny",
               "notResource": ["bucket/photos/*"], "condition": {"secureTransport": false}}
            ]}
            """
        let list = try #require(try ACLDocuments.parse(Array(text.utf8), bucket: b, owner: owner))
        #expect(list.statements.count == 2)
        let read = list.statements[0]
        #expect(read.allows && read.principals == .anyone && read.resources == [ResourcePattern("bucket/photos/*")])
        #expect(read.conditions == [PolicyCondition(.ipAddress, key: "aws:SourceIp", values: ["192.168.0.0/16", "10.1.2.3"]),
                                    PolicyCondition(.stringEquals, key: "aws:Referer", values: ["http://www.abc.com"]),
                                    PolicyCondition(.stringLike, key: "aws:Referer", values: ["http://www.abc.com/*"])])
        #expect(!read.isPublicForTest)
        let deny = list.statements[1]
        #expect(!deny.allows && deny.resourcesNegated && deny.principals == PrincipalMatch(names: ["8c47a952db4444c5a097b41be3f24c94"]))
        #expect(deny.conditions == [PolicyCondition(.bool, key: "aws:SecureTransport", values: ["false"])])
        try golden.check("GetBucketAcl.json", ACLDocuments.render(list, owner: owner))
        // The answer read back is the same list.
        let again = try ACLDocuments.parse(Array(ACLDocuments.render(list, owner: owner).utf8), bucket: b, owner: owner)
        #expect(again?.statements == list.statements)
    }

    @Test func whatIsNotAnACL() throws {
        let bad = [
            "[]", "{}", #"{"accessControlList": [{"permission": ["READ"]}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["FLY"]}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": ""}], "permission": ["READ"]}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["READ"], "effect": "Maybe"}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["READ"], "resource": []}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["READ"], "condition": {"ipAddress": ["1.2.3.4/40"]}}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["READ"], "condition": {"time": 1}}]}"#,
            #"{"accessControlList": [{"grantee": [{"id": "*"}], "permission": ["READ"], "owner": 1}]}"#,
        ]
        for text in bad {
            #expect(throws: StorageError.self, "\(text)") { try ACLDocuments.parse(Array(text.utf8), bucket: self.b, owner: self.owner) }
        }
        // Only the owner's entry: private.
        let mine = #"{"accessControlList": [{"grantee": [{"id": "e13b12d0131b4c8bae959df4969387b8"}], "permission": ["FULL_CONTROL"]}]}"#
        #expect(try ACLDocuments.parse(Array(mine.utf8), bucket: b, owner: owner) == nil)
    }
}

/// BOS's object ACL: the headers, the document, the answer.
@Suite struct BOSObjectACLTests {
    @Test func headersDocumentsAndTheAnswer() throws {
        func headers(_ fields: [(String, String)]) throws -> AccessControlList? {
            try ObjectACLDocuments.headers(request(.put, "/b/k?acl", host: "h", headers: fields))
        }
        #expect(try headers([]) == nil)
        #expect(try headers([("x-bce-acl", "private")]) == .private)
        #expect(try headers([("x-bce-acl", "public-read")]) == AccessControlList(grants: [Grant(.allUsers, .read)]))
        #expect(try headers([("x-bce-grant-read", #"id="6c47a952db4444c5a097b41be3f24c94", id="*""#)])
                == AccessControlList(grants: [Grant(.user(id: "6c47a952db4444c5a097b41be3f24c94"), .read), Grant(.allUsers, .read)]))
        #expect(try headers([("x-bce-grant-full-control", "id=u1")]) == AccessControlList(grants: [Grant(.user(id: "u1"), .fullControl)]))
        for bad in [[("x-bce-acl", "public-read-write")], [("x-bce-grant-read", "u1")], [("x-bce-grant-read", #"id="""#)],
                    [("x-bce-acl", "private"), ("x-bce-grant-read", "id=u1")]] {
            #expect(throws: StorageError.self, "\(bad)") { try headers(bad) }
        }
        let document = #"{"accessControlList":[{"grantee":[{"id":"*"},{"id":"u2"}],"permission":["READ"]},{"grantee":[{"id":"u3"}],"permission":["FULL_CONTROL"]}]}"#
        let acl = try ObjectACLDocuments.parse(Array(document.utf8))
        #expect(acl == AccessControlList(grants: [Grant(.allUsers, .read), Grant(.user(id: "u2"), .read), Grant(.user(id: "u3"), .fullControl)]))
        for bad in [#"{"accessControlList":[{"grantee":[{"id":"*"}],"permission":["WRITE"]}]}"#,
                    #"{"accessControlList":[{"grantee":[{"id":"*"}],"permission":["READ"],"resource":["b/*"]}]}"#, "{}"] {
            #expect(throws: StorageError.self, "\(bad)") { try ObjectACLDocuments.parse(Array(bad.utf8)) }
        }
        let owner = Owner(id: "o1", displayName: "o")
        #expect(ObjectACLDocuments.render(AccessPolicy(owner: owner, acl: acl, bucketOwner: owner)) == """
            {"accessControlList":[{"grantee":[{"id":"o1"}],"permission":["FULL_CONTROL"]},{"grantee":[{"id":"*"}],"permission":["READ"]},\
            {"grantee":[{"id":"u2"}],"permission":["READ"]},{"grantee":[{"id":"u3"}],"permission":["FULL_CONTROL"]}]}
            """)
    }
}

extension PolicyStatement {
    /// Whether the statement alone makes a policy public.
    var isPublicForTest: Bool { BucketPolicy(document: "", statements: [self]).isPublic }
}
