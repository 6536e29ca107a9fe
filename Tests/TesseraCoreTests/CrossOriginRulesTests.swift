import Testing
@testable import TesseraCore

/// A bucket's CORS rules: S3's checks when they are set, and which rule answers a request.
@Suite struct CrossOriginRulesTests {
    func message(_ rules: [CrossOriginRule]) -> String? {
        do { _ = try CrossOriginConfiguration(rules: rules); return nil } catch { return "\(error.code.rawValue): \(error.message)" }
    }

    @Test func rulesAreCheckedAsS3ChecksThem() {
        let get = CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"])
        #expect(message([get]) == nil)
        #expect(message([]) == "malformedDocument: The XML you provided was not well-formed or did not validate against our published schema")
        #expect(message([CrossOriginRule(allowedOrigins: [], allowedMethods: ["GET"])])?.hasPrefix("malformedDocument") == true)
        #expect(message([CrossOriginRule(allowedOrigins: ["*"], allowedMethods: [])])?.hasPrefix("malformedDocument") == true)
        #expect(message([CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET", "OPTIONS"])])
                == "invalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS")
        #expect(message([CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["get"])])
                == "invalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is get")
        #expect(message([CrossOriginRule(allowedOrigins: ["http://*.*"], allowedMethods: ["GET"])])
                == "invalidRequest: AllowedOrigin \"http://*.*\" can not have more than one wildcard.")
        #expect(message([CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["**"])])
                == "invalidRequest: AllowedHeader \"**\" can not have more than one wildcard.")
        #expect(message(Array(repeating: get, count: 100)) == nil)
        #expect(message(Array(repeating: get, count: 101))
                == "invalidRequest: The number of CORS rules should not exceed allowed limit of 100 rules.")
        #expect(message([CrossOriginRule(id: String(repeating: "i", count: 255), allowedOrigins: ["*"], allowedMethods: ["GET"])]) == nil)
        #expect(message([CrossOriginRule(id: String(repeating: "i", count: 256), allowedOrigins: ["*"], allowedMethods: ["GET"])])?
                    .hasPrefix("invalidArgument") == true)
        // An empty origin is taken, as S3 takes it (it matches no browser's).
        #expect(message([CrossOriginRule(allowedOrigins: [""], allowedMethods: ["GET"])]) == nil)
    }

    @Test func theFirstRuleAllowingOriginMethodAndHeadersAnswers() throws {
        let uploads = CrossOriginRule(id: "uploads", allowedOrigins: ["https://*.example.com", "http://localhost:3000"],
                                      allowedMethods: ["PUT", "POST"], allowedHeaders: ["x-amz-*", "Content-Type"])
        let reads = CrossOriginRule(id: "reads", allowedOrigins: ["*"], allowedMethods: ["GET", "HEAD", "PUT"])
        let c = try CrossOriginConfiguration(rules: [uploads, reads])
        #expect(c.rule(origin: "https://app.example.com", method: "PUT")?.id == "uploads")
        #expect(c.rule(origin: "https://app.example.com", method: "PUT", headers: ["x-amz-date", "content-type"])?.id == "uploads")
        #expect(c.rule(origin: "https://app.example.com", method: "PUT", headers: ["X-AMZ-DATE"])?.id == "uploads")
        // A header the first rule does not name: the second rule names none, so nothing answers.
        #expect(c.rule(origin: "https://app.example.com", method: "PUT", headers: ["authorization"]) == nil)
        // The second rule allows every origin its methods, without headers.
        #expect(c.rule(origin: "https://app.example.com", method: "GET")?.id == "reads")
        #expect(c.rule(origin: "https://example.org", method: "PUT")?.id == "reads")
        #expect(c.rule(origin: "https://example.org", method: "DELETE") == nil)
        #expect(c.rule(origin: "http://localhost:3000", method: "POST")?.id == "uploads")
        #expect(c.rule(origin: "http://localhost:3001", method: "POST") == nil)
        // The wildcard stands for a run of characters, empty too, never for the parts beside it.
        #expect(uploads.allows(origin: "https://.example.com"))
        #expect(!uploads.allows(origin: "https://example.com"))
        #expect(!uploads.allows(origin: "http://app.example.com"))
        #expect(!uploads.allows(origin: "HTTPS://APP.EXAMPLE.COM"))  // origins compare with their case
        #expect(reads.allowsEveryOrigin && !uploads.allowsEveryOrigin)
        #expect(CrossOriginRule.matches(pattern: "a*a", "a", ignoringCase: false) == false)
        #expect(CrossOriginRule.matches(pattern: "a*a", "aa", ignoringCase: false))
    }

    @Test func ownerKeepsThemAndAnyoneReadsWhichAnswer() async throws {
        let (engine, _, _) = makeEngine()
        let owner = Owner(id: "o", displayName: "o")
        let bucket = try BucketName("web")
        _ = try await engine.createBucket(bucket, region: "", caller: owner)
        #expect(try await engine.crossOriginRules(of: bucket) == nil)
        await #expect(throws: StorageError.self) { try await engine.bucketCrossOrigin(bucket: bucket, caller: owner) }
        let rules = try CrossOriginConfiguration(rules: [CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"])])
        let other = Owner(id: "x", displayName: "x")
        await #expect(throws: StorageError.self) { try await engine.setBucketCrossOrigin(rules, bucket: bucket, caller: other) }
        try await engine.setBucketCrossOrigin(rules, bucket: bucket, caller: owner)
        #expect(try await engine.bucketCrossOrigin(bucket: bucket, caller: owner) == rules)
        #expect(try await engine.crossOriginRules(of: bucket) == rules)
        await #expect(throws: StorageError.self) { try await engine.bucketCrossOrigin(bucket: bucket, caller: other) }
        try await engine.deleteBucketCrossOrigin(bucket: bucket, caller: owner)
        #expect(try await engine.crossOriginRules(of: bucket) == nil)
        await #expect(throws: StorageError.self) { try await engine.crossOriginRules(of: try BucketName("missing")) }
    }
}
