import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// ACL headers, the AccessControlPolicy document (AWS API reference examples), and who a list allows.
@Suite struct ACLTests {
    let owner = Owner(id: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", displayName: "CustomersName@amazon.com")

    @Test func headers() throws {
        func parse(_ headers: [(String, String)]) throws -> AccessControlList? { try ACLHeaders.parse(request(.put, "/b/k", host: "h", headers: headers)) }
        #expect(try parse([]) == nil)
        #expect(try parse([("x-amz-date", "20261203T000000Z"), ("x-amz-aclx", "1"), ("x-amz-grant-other", "id=a"), ("grant", "id=b")]) == nil)
        #expect(try parse([("X-Amz-Acl", "public-read"), ("X-Amz-Date", "20261203T000000Z")]) == AccessControlList(grants: [Grant(.allUsers, .read)]))
        #expect(try parse([("Content-Type", "text/plain"), ("X-AMZ-GRANT-WRITE-ACP", "id=z")]) == AccessControlList(grants: [Grant(.user(id: "z"), .writeACP)]))
        #expect(try parse([("x-amz-acl", "public-read")]) == AccessControlList(grants: [Grant(.allUsers, .read)]))
        #expect(try parse([("x-amz-acl", "private")]) == .private)
        #expect(try parse([("x-amz-grant-read", "id=\"abc\", uri=\"\(Grantee.allUsersURI)\""), ("x-amz-grant-full-control", "id=def")])
                == AccessControlList(grants: [Grant(.user(id: "abc"), .read), Grant(.allUsers, .read), Grant(.user(id: "def"), .fullControl)]))
        #expect(throws: StorageError.self) { try parse([("x-amz-acl", "public-read"), ("x-amz-grant-read", "id=\"abc\"")]) }
        #expect(throws: StorageError.self) { try parse([("x-amz-acl", "everyone")]) }
        #expect(throws: StorageError.self) { try parse([("x-amz-grant-read", "emailAddress=\"a@b.c\"")]) }
        #expect(throws: StorageError.self) { try parse([("x-amz-grant-read", "uri=\"http://example.com/group\"")]) }
    }

    @Test func documentRoundTrip() throws {
        let acl = AccessControlList(grants: [Grant(.allUsers, .read), Grant(.user(id: "abc"), .writeACP)])
        let text = ACLDocuments.render(AccessPolicy(owner: owner, acl: acl, bucketOwner: owner))
        try golden.check("AccessControlPolicy.xml", text)
        #expect(try ACLDocuments.parse(Array(text.utf8), owner: owner) == acl)
    }

    /// The AWS API reference's PutObjectAcl example body.
    @Test func parsesTheAWSExample() throws {
        let body = """
            <AccessControlPolicy>
              <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>CustomersName@amazon.com</DisplayName></Owner>
              <AccessControlList>
                <Grant>
                  <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
                    <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
                    <DisplayName>CustomersName@amazon.com</DisplayName>
                  </Grantee>
                  <Permission>FULL_CONTROL</Permission>
                </Grant>
                <Grant>
                  <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
                    <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>
                  </Grantee>
                  <Permission>READ</Permission>
                </Grant>
              </AccessControlList>
            </AccessControlPolicy>
            """
        #expect(try ACLDocuments.parse(Array(body.utf8), owner: owner) == AccessControlList(grants: [Grant(.allUsers, .read)]))
        #expect(throws: StorageError.self) { try ACLDocuments.parse(Array("<AccessControlPolicy/>".utf8), owner: owner) }
        let badPermission = body.replacingOccurrences(of: "<Permission>READ</Permission>", with: "<Permission>EVERYTHING</Permission>")
        #expect(throws: StorageError.self) { try ACLDocuments.parse(Array(badPermission.utf8), owner: owner) }
    }

    @Test func whoAListAllows() {
        let carol = Owner(id: "carol", displayName: "carol")
        let acl = AccessControlList(grants: [Grant(.user(id: "carol"), .write), Grant(.authenticatedUsers, .read), Grant(.bucketOwner, .readACP)])
        #expect(acl.allows(.write, to: carol, bucketOwner: owner))
        #expect(!acl.allows(.writeACP, to: carol, bucketOwner: owner))
        #expect(acl.allows(.read, to: carol, bucketOwner: owner) && !acl.allows(.read, to: .anonymous, bucketOwner: owner))
        #expect(acl.allows(.readACP, to: owner, bucketOwner: owner) && !acl.allows(.readACP, to: carol, bucketOwner: owner))
        #expect(CannedACL.publicReadWrite.list.allows(.write, to: .anonymous, bucketOwner: owner))
        #expect(!AccessControlList(grants: [Grant(.user(id: ""), .fullControl)]).allows(.read, to: .anonymous, bucketOwner: owner))
        #expect(AccessControlList(grants: [Grant(.user(id: "carol"), .fullControl)]).allows(.readACP, to: carol, bucketOwner: owner))
    }
}
