import Foundation
import Testing
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// The policy of a browser's form upload: read from its base64 JSON, checked against the form's
/// fields as S3 checks it.
@Suite struct PostPolicyTests {
    static func encode(_ json: String) -> String { Base64.encode(Array(json.utf8)) }

    /// AWS's example policy (the browser-based upload example of the S3 documentation).
    static let example = encode("""
        { "expiration": "2007-12-01T12:00:00.000Z",
          "conditions": [
            {"bucket": "johnsmith"},
            ["starts-with", "$key", "user/eric/"],
            {"acl": "public-read"},
            {"success_action_redirect": "http://johnsmith.s3.amazonaws.com/successful_upload.html"},
            ["starts-with", "$Content-Type", "image/"],
            {"x-amz-meta-uuid": "14365123651274"},
            ["starts-with", "$x-amz-meta-tag", ""],
            ["content-length-range", 1048576, "10485760"]
          ]
        }
        """)

    static let fields = [
        "bucket": "johnsmith", "key": "user/eric/MyPicture.jpg", "acl": "public-read",
        "success_action_redirect": "http://johnsmith.s3.amazonaws.com/successful_upload.html", "content-type": "image/jpeg",
        "x-amz-meta-uuid": "14365123651274", "x-amz-meta-tag": "Some,Tag,For,Picture", "awsaccesskeyid": "AKIAIOSFODNN7EXAMPLE",
        "policy": "…", "signature": "…", "x-ignore-me": "anything",
    ]

    static let before = Timestamp(iso8601: "2007-12-01T11:59:59Z")!

    func denial(_ fields: [String: String], at now: Timestamp = Self.before) throws -> String? {
        let policy = try PostPolicy.parse(base64: Self.example)
        do { try policy.check(fields, now: now); return nil } catch { return error.message }
    }

    @Test func readsAWSsExample() throws {
        let p = try PostPolicy.parse(base64: Self.example)
        #expect(p.expiration == Timestamp(iso8601: "2007-12-01T12:00:00Z"))
        #expect(p.conditions.count == 8)
        #expect(p.conditions[1] == .startsWith("key", "user/eric/"))
        #expect(p.conditions[4] == .startsWith("content-type", "image/"))
        #expect(p.lengthRange == 1_048_576...10_485_760)
        #expect(try denial(Self.fields) == nil)
    }

    @Test func checksAsS3Checks() throws {
        var f = Self.fields
        #expect(try denial(f, at: Timestamp(iso8601: "2007-12-01T12:00:00Z")!) == "Invalid according to Policy: Policy expired.")
        f["key"] = "user/bob/x.jpg"
        #expect(try denial(f) == #"Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/eric/"]"#)
        f = Self.fields
        f["acl"] = "private"
        #expect(try denial(f) == #"Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "public-read"]"#)
        f = Self.fields
        f["bucket"] = "other"
        #expect(try denial(f) == #"Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "johnsmith"]"#)
        f = Self.fields
        f["x-amz-meta-tag"] = nil  // starts-with "": any value, none too
        #expect(try denial(f) == nil)
        f["x-amz-storage-class"] = "STANDARD"
        #expect(try denial(f) == "Invalid according to Policy: Extra input fields: x-amz-storage-class")
    }

    @Test func refusesWhatIsNotAPolicy() {
        func code(_ text: String) -> String? {
            do { _ = try PostPolicy.parse(base64: text); return nil } catch { return S3Errors.wire(error).code }
        }
        #expect(code("not base64!") == "InvalidPolicyDocument")
        #expect(code(Self.encode("[]")) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"conditions": []}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z"}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z", "conditions": [["in", "$key", "a"]]}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z", "conditions": [["eq", "key", "a"]]}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z", "conditions": [["content-length-range", 5, 1]]}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z", "conditions": [{"acl": 1}]}"#)) == "InvalidPolicyDocument")
        #expect(code(Self.encode(#"{"expiration": "2007-12-01T12:00:00Z", "conditions": []}"#)) == nil)
    }
}
