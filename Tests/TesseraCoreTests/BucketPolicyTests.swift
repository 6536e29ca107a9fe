import Testing
import TesseraTestSupport
@testable import TesseraCore

/// A bucket policy's pieces (wildcards, address ranges, conditions as IAM evaluates them) and
/// its verdicts, alone and in the engine's one decision of access.
@Suite struct BucketPolicyTests {
    let bucket = try! BucketName("pol")
    let bob = Owner(id: "bob-id", displayName: "bob")
    let now = Timestamp(microseconds: 1_800_000_000_000_000)

    func facts(_ caller: Owner, _ keys: [String: [String]] = [:]) -> PolicyFacts {
        PolicyFacts(now: now, caller: caller, request: { keys[$0] })
    }

    @Test func wildcardsAsIAMReadsThem() {
        let cases: [(String, String, Bool)] = [
            ("*", "", true), ("*", "anything/at/all", true), ("a*", "a", true), ("a*c", "abbbc", true), ("a*c", "abbb", false),
            ("a?c", "abc", true), ("a?c", "ac", false), ("bkt/*", "bkt/x/y", true), ("bkt/*", "bkt", false),
            ("*/*.jpg", "bkt/a/b.jpg", true), ("*/*.jpg", "bkt/a/b.png", false), ("a**b", "ab", true), ("x", "X", false),
            ("*a*a*a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false),
        ]
        for (pattern, text, expected) in cases { #expect(Wildcard.matches(pattern, text) == expected, "\(pattern) ~ \(text)") }
    }

    @Test func addressRanges() throws {
        let v4 = try #require(AddressRange("192.0.2.0/24"))
        #expect(v4.contains("192.0.2.200") && !v4.contains("192.0.3.1"))
        #expect(v4.contains("::ffff:192.0.2.9"))  // a dual-stack socket's IPv4 client
        #expect(try #require(AddressRange("10.1.2.3")).contains("10.1.2.3") && !AddressRange("10.1.2.3")!.contains("10.1.2.4"))
        #expect(try #require(AddressRange("0.0.0.0/0")).isEverything)
        let v6 = try #require(AddressRange("2001:db8::/33"))
        #expect(v6.contains("2001:db8:7fff::1") && !v6.contains("2001:db8:8000::1") && !v6.contains("192.0.2.1"))
        for bad in ["", "300.1.1.1", "10.0.0.0/33", "10.0.0.0/-1", "::/129", "10.0.0.0/٣", "host.example"] { #expect(AddressRange(bad) == nil, "\(bad)") }
    }

    @Test func conditionsAsIAMEvaluatesThem() {
        let f = facts(bob, ["aws:sourceip": ["192.0.2.7"], "aws:useragent": ["Boto3/1.3"], "s3:max-keys": ["50"]])
        func holds(_ c: PolicyCondition) -> Bool { c.holds(f) }
        #expect(holds(PolicyCondition(.ipAddress, key: "aws:SourceIp", values: ["10.0.0.0/8", "192.0.2.0/24"])))
        #expect(!holds(PolicyCondition(.notIpAddress, key: "aws:SourceIp", values: ["192.0.2.0/24"])))
        #expect(holds(PolicyCondition(.stringLike, key: "aws:UserAgent", values: ["*Boto3*"])))
        #expect(holds(PolicyCondition(.numericLessThanEquals, key: "s3:max-keys", values: ["50"])))
        #expect(!holds(PolicyCondition(.numericLessThan, key: "s3:max-keys", values: ["50"])))
        #expect(!holds(PolicyCondition(.numericEquals, key: "s3:max-keys", values: ["fifty"])))
        // A key the request does not have: positive tests fail, negated ones pass, IfExists passes.
        #expect(!holds(PolicyCondition(.stringEquals, key: "aws:Referer", values: ["x"])))
        #expect(holds(PolicyCondition(.stringNotEquals, key: "aws:Referer", values: ["x"])))
        #expect(holds(PolicyCondition(.stringEquals, key: "aws:Referer", values: ["x"], ifExists: true)))
        #expect(holds(PolicyCondition(.null, key: "aws:Referer", values: ["true"])))
        #expect(!holds(PolicyCondition(.null, key: "aws:UserAgent", values: ["true"])))
        #expect(holds(PolicyCondition(.stringEquals, key: "aws:Referer", values: ["x"], qualifier: .forAllValues)))
        // The engine's own keys: the time, who asks.
        #expect(holds(PolicyCondition(.dateLessThan, key: "aws:CurrentTime", values: ["1800000001"])))
        #expect(!holds(PolicyCondition(.dateGreaterThan, key: "aws:CurrentTime", values: ["1800000000"])))
        #expect(holds(PolicyCondition(.stringEquals, key: "aws:username", values: ["bob"])))
        #expect(PolicyCondition(.stringEquals, key: "aws:PrincipalType", values: ["Anonymous"]).holds(facts(.anonymous)))
        #expect(!PolicyCondition(.stringEquals, key: "aws:username", values: ["bob"]).holds(facts(.anonymous)))
        // Several values of a key: any matching, or all.
        let many = facts(bob, ["s3:x": ["a", "b"]])
        #expect(PolicyCondition(.stringEquals, key: "s3:x", values: ["a"], qualifier: .forAnyValue).holds(many))
        #expect(!PolicyCondition(.stringEquals, key: "s3:x", values: ["a"], qualifier: .forAllValues).holds(many))
        #expect(PolicyCondition(.stringEquals, key: "s3:x", values: ["a", "b"], qualifier: .forAllValues).holds(many))
        #expect(PolicyCondition(.bool, key: "aws:SecureTransport", values: ["false"]).holds(facts(bob, ["aws:securetransport": ["false"]])))
    }

    func statement(_ allows: Bool, _ principals: PrincipalMatch = .anyone, _ actions: Set<AccessAction>, _ resources: [String],
                   conditions: [PolicyCondition] = []) -> PolicyStatement {
        PolicyStatement(allows: allows, principals: principals, actions: actions, resources: resources.map(ResourcePattern.init),
                        conditions: conditions)
    }

    @Test func verdicts() throws {
        let k = try ObjectKey("pub/a.txt")
        let policy = BucketPolicy(document: "{}", statements: [
            statement(true, .anyone, [.getObject], ["pol/pub/*"]),
            statement(false, PrincipalMatch(names: ["bob"]), [.getObject], ["pol/pub/secret*"]),
            statement(true, PrincipalMatch(names: ["bob-id"]), [.putObject, .listBucket], ["pol/bob/*", "pol"]),
        ])
        func verdict(_ caller: Owner, _ action: AccessAction, _ key: String?) -> PolicyVerdict {
            policy.verdict(caller, action, bucket: bucket, key: key.map { try! ObjectKey($0) }, facts: facts(caller))
        }
        #expect(policy.verdict(.anonymous, .getObject, bucket: bucket, key: k, facts: facts(.anonymous)) == .allowed)
        #expect(verdict(.anonymous, .putObject, "pub/a.txt") == .undecided)
        #expect(verdict(.anonymous, .getObject, "priv/a.txt") == .undecided)
        #expect(verdict(bob, .getObject, "pub/secret.txt") == .denied)  // a deny wins over the allow to everyone
        #expect(verdict(.anonymous, .getObject, "pub/secret.txt") == .allowed)
        #expect(verdict(bob, .putObject, "bob/x") == .allowed)
        #expect(verdict(bob, .listBucket, nil) == .allowed)
        #expect(verdict(bob, .putObject, nil) == .allowed)  // before the keys are known: some object may be
        #expect(policy.isPublic)
        #expect(policy.verdict(.anonymous, .getObject, bucket: bucket, key: k, facts: facts(.anonymous), allowsIgnored: true) == .undecided)
        // Not…: every action, resource or principal but those named.
        let not = BucketPolicy(document: "{}", statements: [
            PolicyStatement(allows: false, principals: PrincipalMatch(names: ["bob"], negated: true), actions: [.getObject],
                            actionsNegated: true, resources: [ResourcePattern("pol/keep/*")], resourcesNegated: true),
        ])
        #expect(not.verdict(.anonymous, .deleteObject, bucket: bucket, key: k, facts: facts(.anonymous)) == .denied)
        #expect(not.verdict(.anonymous, .getObject, bucket: bucket, key: k, facts: facts(.anonymous)) == .undecided)
        #expect(not.verdict(.anonymous, .deleteObject, bucket: bucket, key: try ObjectKey("keep/x"), facts: facts(.anonymous)) == .undecided)
        #expect(not.verdict(bob, .deleteObject, bucket: bucket, key: k, facts: facts(bob)) == .undecided)
        #expect(!not.isPublic)
        // A deny only for some objects does not refuse the bucket-level check of a multi-object delete.
        let some = BucketPolicy(document: "{}", statements: [statement(false, .anyone, [.deleteObject], ["pol/keep/*"])])
        #expect(some.verdict(bob, .deleteObject, bucket: bucket, key: nil, facts: facts(bob)) == .undecided)
        let all = BucketPolicy(document: "{}", statements: [statement(false, .anyone, [.deleteObject], ["pol/*"])])
        #expect(all.verdict(bob, .deleteObject, bucket: bucket, key: nil, facts: facts(bob)) == .denied)
    }

    @Test func policyVariablesTakeTheRequestsValues() throws {
        let home = BucketPolicy(document: "{}", statements: [
            statement(true, .anyone, [.putObject], ["pol/home/${aws:username}/*"]),
            statement(true, .anyone, [.listBucket], ["pol"],
                      conditions: [PolicyCondition(.stringLike, key: "s3:prefix", values: ["home/${aws:username}/*"])]),
        ])
        func verdict(_ caller: Owner, _ action: AccessAction, _ key: String?, _ keys: [String: [String]] = [:]) -> PolicyVerdict {
            home.verdict(caller, action, bucket: bucket, key: key.map { try! ObjectKey($0) }, facts: facts(caller, keys))
        }
        #expect(verdict(bob, .putObject, "home/bob/a") == .allowed)
        #expect(verdict(bob, .putObject, "home/carol/a") == .undecided)
        #expect(verdict(.anonymous, .putObject, "home/${aws:username}/a") == .undecided)  // no user name: names nothing
        #expect(verdict(bob, .listBucket, nil, ["s3:prefix": ["home/bob/docs"]]) == .allowed)
        #expect(verdict(bob, .listBucket, nil, ["s3:prefix": ["home/carol/docs"]]) == .undecided)
        let f = facts(bob)
        #expect(f.resolve("a/${aws:username}/${?}${$}") == "a/bob/?$")
        #expect(f.resolve("unclosed ${aws:username") == "unclosed ${aws:username")
        #expect(f.resolve("${aws:SourceIp}") == nil)
    }

    /// `${*}`, `${?}` and `${$}` stand for those characters themselves (IAM's reference on
    /// policy variables), and what a variable gives matches only itself: a user named `*`
    /// does not name every home.
    @Test func whatVariablesGiveIsLiteral() {
        let starred = BucketPolicy(document: "{}", statements: [
            statement(true, .anyone, [.getObject], ["pol/star${*}", "pol/q${?}", "pol/home/${aws:username}/*"]),
        ])
        func verdict(_ caller: Owner, _ key: String) -> PolicyVerdict {
            starred.verdict(caller, .getObject, bucket: bucket, key: try! ObjectKey(key), facts: facts(caller))
        }
        #expect(verdict(bob, "star*") == .allowed)
        #expect(verdict(bob, "stars") == .undecided)
        #expect(verdict(bob, "q?") == .allowed)
        #expect(verdict(bob, "qx") == .undecided)
        let star = Owner(id: "star-id", displayName: "*")
        #expect(verdict(star, "home/*/a") == .allowed)
        #expect(verdict(star, "home/bob/a") == .undecided)
        // In a condition too: StringLike's wildcards are the policy's, not the variable's.
        let prefixed = BucketPolicy(document: "{}", statements: [
            statement(true, .anyone, [.listBucket], ["pol"],
                      conditions: [PolicyCondition(.stringLike, key: "s3:prefix", values: ["${aws:username}/*"])]),
        ])
        func lists(_ caller: Owner, _ prefix: String) -> PolicyVerdict {
            prefixed.verdict(caller, .listBucket, bucket: bucket, key: nil, facts: facts(caller, ["s3:prefix": [prefix]]))
        }
        #expect(lists(star, "*/docs") == .allowed)
        #expect(lists(star, "bob/docs") == .undecided)
        #expect(lists(bob, "bob/docs") == .allowed)
    }

    @Test func publicMeansAnyoneFromAnywhere() {
        let anyone = statement(true, .anyone, [.getObject], ["pol/*"])
        #expect(BucketPolicy(document: "", statements: [anyone]).isPublic)
        var narrowed = anyone
        narrowed.conditions = [PolicyCondition(.ipAddress, key: "aws:SourceIp", values: ["192.0.2.0/24"])]
        #expect(!BucketPolicy(document: "", statements: [narrowed]).isPublic)
        narrowed.conditions = [PolicyCondition(.ipAddress, key: "aws:SourceIp", values: ["0.0.0.0/0"])]
        #expect(BucketPolicy(document: "", statements: [narrowed]).isPublic)
        #expect(!BucketPolicy(document: "", statements: [statement(false, .anyone, [.getObject], ["pol/*"])]).isPublic)
        #expect(!BucketPolicy(document: "", statements: [statement(true, PrincipalMatch(names: ["bob"]), [.getObject], ["pol/*"])]).isPublic)
    }

    @Test func theEngineJudgesEveryDialectsRequestsByIt() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        let key = try ObjectKey("k")
        _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([bytes(4)]), declaredLength: 4, attributes: ObjectAttributes(), check: .none, caller: alice)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: key, caller: .anonymous) }
        try await e.setBucketPolicy(BucketPolicy(document: "{}", statements: [
            statement(true, .anyone, [.getObject], ["pol/*"]),
            statement(false, .anyone, [.deleteObject, .getBucketPolicy], ["pol/*", "pol"]),
        ]), bucket: bucket, caller: alice)
        _ = try await e.headObject(bucket: bucket, key: key, caller: .anonymous)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: try ObjectKey("none"), caller: .anonymous) }
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.deleteObject(bucket: self.bucket, key: key, caller: alice) }
        _ = try await e.bucketPolicy(bucket: bucket, caller: alice)  // the owner is never locked out of the policy
        await #expect(throws: StorageError.accessDenied()) { _ = try await e.bucketPolicy(bucket: self.bucket, caller: self.bob) }
        // A policy naming another bucket's objects is not one; nothing is changed by it.
        await #expect(throws: StorageError.self) {
            try await e.setBucketPolicy(BucketPolicy(document: "x", statements: [self.statement(true, .anyone, [.getObject], ["other/*"])]),
                                        bucket: self.bucket, caller: alice)
        }
        #expect(try await e.bucketPolicy(bucket: bucket, caller: alice).document == "{}")
        // RestrictPublicBuckets: the public allow counts for nothing but the owner; BlockPublicPolicy refuses it.
        try await e.setPublicAccessBlock(PublicAccessBlock(blockPublicPolicy: true, restrictPublicBuckets: true), bucket: bucket, caller: alice)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: key, caller: .anonymous) }
        await #expect(throws: StorageError.accessDenied()) {
            try await e.setBucketPolicy(BucketPolicy(document: "{}", statements: [self.statement(true, .anyone, [.getObject], ["pol/*"])]),
                                        bucket: self.bucket, caller: alice)
        }
        try await e.deleteBucketPolicy(bucket: bucket, caller: alice)
        _ = try await e.deleteObject(bucket: bucket, key: key, caller: alice)
    }

    /// GetObjectAttributes takes both s3:GetObject and s3:GetObjectAttributes (S3's reference,
    /// for an object without versions): either alone admits nothing, a deny of either refuses.
    @Test func attributesNeedBothActions() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        let key = try ObjectKey("k")
        _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([bytes(4)]), declaredLength: 4, attributes: ObjectAttributes(),
                                  check: .none, caller: alice)
        func allow(_ actions: Set<AccessAction>, deny: Set<AccessAction> = []) async throws {
            var statements = [statement(true, .anyone, actions, ["pol/*"])]
            if !deny.isEmpty { statements.append(statement(false, .anyone, deny, ["pol/*"])) }
            try await e.setBucketPolicy(BucketPolicy(document: "{}", statements: statements), bucket: bucket, caller: alice)
        }
        try await allow([.getObject])
        _ = try await e.headObject(bucket: bucket, key: key, caller: bob)
        await #expect(throws: StorageError.accessDenied()) { try await e.objectAttributes(bucket: self.bucket, key: key, caller: self.bob) }
        try await allow([.getObjectAttributes])
        await #expect(throws: StorageError.accessDenied()) { try await e.objectAttributes(bucket: self.bucket, key: key, caller: self.bob) }
        try await allow([.getObject, .getObjectAttributes])
        #expect(try await e.objectAttributes(bucket: bucket, key: key, caller: bob).size == 4)
        try await allow([.getObject, .getObjectAttributes], deny: [.getObjectAttributes])
        await #expect(throws: StorageError.accessDenied()) { try await e.objectAttributes(bucket: self.bucket, key: key, caller: self.bob) }
        _ = try await e.headObject(bucket: bucket, key: key, caller: bob)
        await #expect(throws: StorageError.accessDenied()) { try await e.objectAttributes(bucket: self.bucket, key: key, caller: alice) }
        try await e.deleteBucketPolicy(bucket: bucket, caller: alice)
        _ = try await e.objectAttributes(bucket: bucket, key: key, caller: alice)  // the owner needs no allow
        await #expect(throws: StorageError.accessDenied()) { try await e.objectAttributes(bucket: self.bucket, key: key, caller: self.bob) }
    }

    @Test func anAccessListIsJudgedBesideThePolicy() async throws {
        let (e, _, _) = makeEngine()
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        let key = try ObjectKey("k")
        _ = try await e.putObject(bucket: bucket, key: key, body: .buffers([bytes(4)]), declaredLength: 4, attributes: ObjectAttributes(),
                                  check: .none, caller: alice)
        let publicRead = BucketPolicy(document: "[]", statements: [statement(true, .anyone, [.getObject, .listBucket], ["pol", "pol/*"])])
        try await e.setBucketAccessList(publicRead, bucket: bucket, caller: alice)
        _ = try await e.headObject(bucket: bucket, key: key, caller: .anonymous)
        #expect(try await e.bucketAccessList(bucket: bucket, caller: alice) == publicRead)
        // An object's own ACL prevails over the list for its reads (BOS); without one, the list decides again.
        try await e.setObjectACL(bucket: bucket, key: key, .private, caller: alice)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: key, caller: .anonymous) }
        try await e.setObjectACL(bucket: bucket, key: key, nil, caller: alice)
        _ = try await e.headObject(bucket: bucket, key: key, caller: .anonymous)
        // A deny in the policy wins over the list's allow; an allow in either is enough.
        try await e.setBucketPolicy(BucketPolicy(document: "{}", statements: [statement(false, .anyone, [.getObject], ["pol/k"])]),
                                    bucket: bucket, caller: alice)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: key, caller: .anonymous) }
        try await e.deleteBucketPolicy(bucket: bucket, caller: alice)
        // IgnorePublicAcls takes a public list's allows away; BlockPublicAcls refuses setting one.
        try await e.setPublicAccessBlock(PublicAccessBlock(blockPublicACLs: true, ignorePublicACLs: true), bucket: bucket, caller: alice)
        await #expect(throws: StorageError.accessDenied()) { try await e.headObject(bucket: self.bucket, key: key, caller: .anonymous) }
        await #expect(throws: StorageError.accessDenied()) { try await e.setBucketAccessList(publicRead, bucket: self.bucket, caller: alice) }
        try await e.setBucketAccessList(nil, bucket: bucket, caller: alice)
        #expect(try await e.bucketAccessList(bucket: bucket, caller: alice) == nil)
    }
}
