import Testing
import TesseraCore
@testable import DialectS3

/// S3 bucket policies as AWS's documentation writes them (golden text) and as Terraform's
/// `aws_iam_policy_document` renders them, read into statements; what is not a policy refused
/// with S3's MalformedPolicy.
@Suite struct BucketPolicyDocumentTests {
    func parse(_ text: String) throws -> BucketPolicy { try BucketPolicyDocuments.parse(Array(text.utf8)) }

    func refusal(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return (error as? StorageError).map { "\($0.code): \($0.message)" } }
    }

    @Test func awsDocumentationsPublicReadExample() throws {
        let text = """
            {
              "Version":"2012-10-17",
              "Statement":[
                {
                  "Sid":"PublicRead",
                  "Effect":"Allow",
                  "Principal": "*",
                  "Action":["s3:GetObject","s3:GetObjectVersion"],
                  "Resource":["arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"]
                }
              ]
            }
            """
        let policy = try parse(text)
        #expect(policy.document == text)
        #expect(policy.statements == [PolicyStatement(allows: true, principals: .anyone, actions: [.getObject],
                                                      resources: [ResourcePattern("DOC-EXAMPLE-BUCKET/*")])])
        #expect(policy.isPublic)
    }

    @Test func awsDocumentationsSourceAddressAndRefererExamples() throws {
        let policy = try parse("""
            {"Version": "2012-10-17", "Id": "S3PolicyId1", "Statement": [
              {"Sid": "IPAllow", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
               "Resource": ["arn:aws:s3:::DOC-EXAMPLE-BUCKET", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"],
               "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}},
              {"Sid": "Allow only GET requests originating from www.example.com and example.com.", "Effect": "Allow",
               "Principal": {"AWS": "*"}, "Action": ["s3:GetObject", "s3:GetObjectVersion"],
               "Resource": "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*",
               "Condition": {"StringLike": {"aws:Referer": ["http://www.example.com/*", "http://example.com/*"]}}}]}
            """)
        #expect(policy.statements.count == 2)
        let deny = policy.statements[0]
        #expect(!deny.allows && deny.actions == Set(AccessAction.allCases).subtracting([.readUnsetConfiguration]))
        #expect(deny.conditions == [PolicyCondition(.notIpAddress, key: "aws:sourceip", values: ["192.0.2.0/24"])])
        #expect(policy.statements[1].conditions == [PolicyCondition(.stringLike, key: "aws:Referer",
                                                                    values: ["http://www.example.com/*", "http://example.com/*"])])
        #expect(policy.isPublic)  // the referer narrows nothing S3 counts
    }

    @Test func terraformsRenderedDocument() throws {
        // data "aws_iam_policy_document" with two principals, a wildcard action and TLS required.
        let policy = try parse("""
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "",
                  "Effect": "Allow",
                  "Action": ["s3:List*", "s3:Get*"],
                  "Resource": ["arn:aws:s3:::tf-bucket/*", "arn:aws:s3:::tf-bucket"],
                  "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/deploy"]},
                  "Condition": {"Bool": {"aws:SecureTransport": true}, "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}
                }
              ]
            }
            """)
        let s = try #require(policy.statements.first)
        #expect(s.principals == PrincipalMatch(names: ["111122223333", "deploy"]))
        #expect(s.actions.contains(.listBucket) && s.actions.contains(.listBucketMultipartUploads) && s.actions.contains(.getObjectTagging))
        #expect(!s.actions.contains(.putObject))
        #expect(s.conditions == [PolicyCondition(.bool, key: "aws:securetransport", values: ["true"]),
                                 PolicyCondition(.dateGreaterThan, key: "aws:currenttime", values: ["1767225600"])])
        #expect(!policy.isPublic)
    }

    @Test func negatedElementsAndQualifiedOperators() throws {
        let policy = try parse("""
            {"Statement": {"Effect": "Deny", "NotPrincipal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"},
             "NotAction": "s3:Get*", "NotResource": "arn:aws:s3:::b/public/*",
             "Condition": {"ForAnyValue:StringEqualsIgnoreCaseIfExists": {"s3:x-amz-acl": ["public-read"]}, "Null": {"s3:prefix": false}}}}
            """)
        let s = try #require(policy.statements.first)
        #expect(s.principals == PrincipalMatch(names: ["79a59df900b949e55d96a1e698fbaced"], negated: true))
        #expect(s.actionsNegated && s.resourcesNegated)
        #expect(s.conditions == [PolicyCondition(.null, key: "s3:prefix", values: ["false"]),
                                 PolicyCondition(.stringEqualsIgnoreCase, key: "s3:x-amz-acl", values: ["public-read"], ifExists: true,
                                                 qualifier: .forAnyValue)])
    }

    @Test func whatIsNotAPolicy() {
        let ok = #""Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*""#
        let cases: [(String, String)] = [
            ("", "Policies must be valid JSON and the first byte must be '{'"),
            ("[1]", "Policies must be valid JSON and the first byte must be '{'"),
            ("{\"Statement\": {\(ok)}", "Policies must be valid JSON and the first byte must be '{'"),
            ("{\"Version\": \"2012-10-17\"}", "Missing required field Statement"),
            ("{\"Statement\": []}", "Missing required field Statement"),
            ("{\"Version\": \"2020-01-01\", \"Statement\": {\(ok)}}", "The policy must contain a valid version string"),
            ("{\"Statemant\": {\(ok)}}", "Unknown field Statemant"),
            ("{\"Statement\": {\(ok), \"Effects\": 1}}", "Unknown field Effects"),
            ("{\"Statement\": [\"x\"]}", "Statement is not an object"),
            ("{\"Statement\": {\(ok.replacingOccurrences(of: "s3:GetObject", with: "s3:Get-Object"))}}", "Policy has invalid action"),
            ("{\"Statement\": {\(ok.replacingOccurrences(of: "s3:GetObject", with: "s3:"))}}", "Policy has invalid action"),
            ("{\"Statement\": {\(ok.replacingOccurrences(of: "arn:aws:s3:::b/*", with: "b/*"))}}", "Policy has invalid resource"),
            ("{\"Statement\": {\(ok.replacingOccurrences(of: "\"*\"", with: "{\"AWS\": []}"))}}", "Invalid principal in policy"),
            ("{\"Statement\": {\(ok.replacingOccurrences(of: "\"*\"", with: "{\"Group\": \"x\"}"))}}", "Invalid principal in policy"),
            ("{\"Statement\": {\(ok), \"Condition\": {\"NullIfExists\": {\"aws:Referer\": \"true\"}}}}", "Invalid Condition type : NullIfExists"),
            ("{\"Statement\": {\(ok), \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"soon\"}}}}", "Invalid Condition value for DateLessThan: soon"),
            ("{\"Statement\": {\(ok), \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/40\"}}}}", "Invalid IP address: 10.0.0.0/40"),
            ("{\"Statement\": {\(ok), \"Condition\": {\"StringEquals\": {}}}}", "Invalid Condition block for StringEquals"),
            ("{\"Statement\": {\(ok), \"Condition\": []}}", "Invalid Condition block"),
        ]
        for (text, message) in cases { #expect(refusal(text) == "malformedPolicy: \(message)", "\(text)") }
        #expect(refusal(String(repeating: " ", count: 20 * 1024 + 1)) == "malformedPolicy: Policies must be less than 20 KB in size")
        #expect(refusal("{\"Statement\": {\(ok)}}") == nil)
    }
}
