@testable import DialectBOS
@testable import DialectS3
@testable import DialectUFile
import TesseraCore
import TesseraHTTP

/// The document and header parsers: any input is parsed or refused with a typed error.
enum ParserTargets {
    /// The XML reader: a parsed tree never exceeds the limits it was given.
    static func xml(_ bytes: [UInt8]) {
        var limits = XMLReader.Limits()
        limits.maxDepth = 8
        limits.maxElements = 200
        guard let root = try? XMLReader.parse(bytes, limits: limits) else { return }
        var stack = [(root, 1)]
        var count = 0
        while let (element, depth) = stack.popLast() {
            count += 1
            precondition(depth <= limits.maxDepth && count <= limits.maxElements, "XML limits exceeded")
            precondition(element.text.unicodeScalars.allSatisfy(XMLReader.isAllowed), "forbidden character in text")
            stack += element.children.map { ($0, depth + 1) }
        }
    }

    /// S3's request documents (Complete, DeleteObjects, lifecycle, AccessControlPolicy, Tagging,
    /// CORSConfiguration, PublicAccessBlockConfiguration, OwnershipControls, a form upload's
    /// policy, a bucket policy) over the XML reader; a parsed ACL, tag set, rule set or setting
    /// renders and parses back to itself; a bucket policy parses again to itself and judges
    /// requests without trapping.
    static func s3Documents(_ bytes: [UInt8]) {
        if let parts = try? MultipartDocuments.parseComplete(bytes) { precondition(parts.count <= 100_000) }
        _ = try? DeleteDocuments.parse(bytes)
        _ = try? DialectS3.LifecycleDocuments.parse(bytes)
        let owner = Owner(id: "owner", displayName: "owner")
        if let acl = try? ACLDocuments.parse(bytes, owner: owner) {
            let again = try? ACLDocuments.parse(Array(ACLDocuments.render(AccessPolicy(owner: owner, acl: acl, bucketOwner: owner)).utf8), owner: owner)
            precondition(again == acl, "ACL round trip")
        }
        if let tags = try? DialectS3.TaggingDocuments.parse(bytes) {
            precondition((try? DialectS3.TaggingDocuments.parse(Array(DialectS3.TaggingDocuments.render(tags).utf8))) == tags, "Tagging round trip")
        }
        if let rules = try? DialectS3.CrossOriginDocuments.parse(bytes) {
            let again = try? DialectS3.CrossOriginDocuments.parse(Array(DialectS3.CrossOriginDocuments.render(rules).utf8))
            precondition(again == rules, "CORS round trip")
        }
        if let block = try? PublicAccessBlockDocuments.parse(bytes) {
            precondition((try? PublicAccessBlockDocuments.parse(Array(PublicAccessBlockDocuments.render(block).utf8))) == block, "block round trip")
        }
        if let ownership = try? OwnershipControlsDocuments.parse(bytes) {
            precondition((try? OwnershipControlsDocuments.parse(Array(OwnershipControlsDocuments.render(ownership).utf8))) == ownership,
                         "ownership round trip")
        }
        if let asked = try? VersioningDocuments.parse(bytes) {
            let status = asked.status.flatMap(VersioningStatus.init(rawValue:))
            precondition((try? VersioningDocuments.parse(Array(VersioningDocuments.render(status).utf8)))?.status == status?.rawValue,
                         "versioning round trip")
        }
        if let policy = try? BucketPolicyDocuments.parse(bytes) {
            precondition((try? BucketPolicyDocuments.parse(Array(policy.document.utf8))) == policy, "bucket policy round trip")
            let bucket = try! BucketName("bkt")
            let facts: RequestFacts = { key in key.hasSuffix("ip") ? ["192.0.2.7"] : ["x"] }
            for caller in [owner, Owner.anonymous] {
                for action in [AccessAction.getObject, .listBucket, .deleteObject] {
                    let judge = { (key: ObjectKey?) in
                        policy.verdict(caller, action, bucket: bucket, key: key,
                                       facts: PolicyFacts(now: Timestamp(microseconds: 0), caller: caller, request: facts))
                    }
                    _ = judge(nil)
                    _ = judge(try! ObjectKey("a/b"))
                }
            }
            _ = policy.isPublic
        }
        // A form upload's policy, as the bytes' base64 (its JSON) and as the bytes themselves.
        for text in [Base64.encode(bytes), String(decoding: bytes, as: UTF8.self)] {
            if let policy = try? PostPolicy.parse(base64: text) {
                try? policy.check(["key": "k", "bucket": "b"], now: Timestamp(microseconds: 0))
            }
        }
    }

    /// BOS's JSON documents (Complete, DeleteMultipleObjects, lifecycle, tagging, a bucket's tags,
    /// CORS; a parsed object tag set or rule set renders and parses back to the same).
    static func bosJSON(_ bytes: [UInt8]) {
        _ = try? RequestDocuments.parseComplete(bytes)
        _ = try? RequestDocuments.parseDelete(bytes)
        if let bucket = try? BucketName("bkt") { _ = try? DialectBOS.LifecycleDocuments.parse(bytes, bucket: bucket) }
        if let tags = try? DialectBOS.TaggingDocuments.parse(bytes) {
            let again = try? DialectBOS.TaggingDocuments.parse(Array(DialectBOS.TaggingDocuments.render(tags).utf8))
            precondition(again.map(Set.init) == Set(tags), "BOS tagging round trip")
        }
        _ = try? DialectBOS.TaggingDocuments.parseBucket(bytes)  // its answer has another form: no round trip
        if let rules = try? DialectBOS.CrossOriginDocuments.parse(bytes) {
            let again = try? DialectBOS.CrossOriginDocuments.parse(Array(DialectBOS.CrossOriginDocuments.render(rules).utf8))
            precondition(again == rules, "BOS CORS round trip")
        }
        // A bucket ACL answers with the owner's entry first, which reading it again drops.
        let owner = Owner(id: "owner", displayName: "owner")
        if let bucket = try? BucketName("bkt"), let list = try? DialectBOS.ACLDocuments.parse(bytes, bucket: bucket, owner: owner) {
            let again = try? DialectBOS.ACLDocuments.parse(Array(DialectBOS.ACLDocuments.render(list, owner: owner).utf8), bucket: bucket, owner: owner)
            precondition(again?.statements == list.statements, "BOS ACL round trip")
        }
        if let acl = try? DialectBOS.ObjectACLDocuments.parse(bytes) {
            _ = DialectBOS.ObjectACLDocuments.render(AccessPolicy(owner: owner, acl: acl, bucketOwner: owner))
        }
    }

    /// UFile's PostFile form: the first line is the Content-Type, the rest the body.
    static func form(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: 10) ?? bytes.endIndex
        let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
        guard let boundary = FormUpload.boundary(contentType: contentType) else { return }
        let body = Array(bytes[min(newline + 1, bytes.endIndex)...])
        guard let form = try? FormUpload.parse(body, boundary: boundary) else { return }
        for field in form.fields {
            precondition(field.data.startIndex >= body.startIndex && field.data.endIndex <= body.endIndex, "field outside the body")
        }
    }

    /// Range headers, percent-decoding and query strings: decode(encode(s)) == s; a range is well
    /// ordered, and only `bytes=` with digits and one dash is one.
    static func rangeAndPercent(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let range = ByteRange(header: text) {
            let spec = text.trimmingSpaces().utf8.dropFirst(6)
            precondition(spec.allSatisfy { $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                         && spec.filter { $0 == UInt8(ascii: "-") }.count == 1, "a range of more than digits and one dash")
            switch range {
            case .from(let first, let last): precondition(first >= 0 && (last.map { $0 >= first } ?? true), "bad range")
            case .suffix(let count): precondition(count >= 0, "bad suffix range")
            }
        }
        _ = PercentEncoding.decode(text)
        _ = QueryParameters(raw: text)
        precondition(PercentEncoding.decode(PercentEncoding.encode(text)) == text, "percent round trip")
        precondition(PercentEncoding.decode(PercentEncoding.encode(text, keepSlash: true)) == text, "percent round trip (slash)")
    }
}
