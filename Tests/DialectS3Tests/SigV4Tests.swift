import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// Known-answer tests: AWS's published S3 SigV4 examples (examplebucket, 2013-05-24) and the
/// boto3 capture in protocols/s3.md.
@Suite struct SigV4Tests {
    let awsCredential = Credential(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                   owner: Owner(id: "x", displayName: "x"), isAdmin: false, created: Timestamp(microseconds: 0))
    let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    func verifier(_ c: Credential, at time: String) -> SigV4Verifier {
        SigV4Verifier(lookup: { $0 == c.accessKey ? c : nil }, clock: FixedClock(time))
    }

    func auth(_ signed: String, _ signature: String, key: String = "AKIAIOSFODNN7EXAMPLE", date: String = "20130524") -> String {
        "AWS4-HMAC-SHA256 Credential=\(key)/\(date)/us-east-1/s3/aws4_request,SignedHeaders=\(signed),Signature=\(signature)"
    }

    @Test func headerValuesAreTrimmedAndCollapsed() {
        let cases = ["plain": "plain", "a b": "a b", " a": "a", "a ": "a", "a  b": "a b", "a\tb": "a b", "a \t b": "a b",
                     "  a   b  c ": "a b c", "": "", "ü ✓": "ü ✓"]
        for (value, canonical) in cases { #expect(SigV4.canonicalHeaderValue(value) == canonical, "\(value)") }
    }

    @Test func awsGetObjectExample() async throws {
        let r = request(.get, "/test.txt", host: "examplebucket.s3.amazonaws.com", headers: [
            ("Range", "bytes=0-9"), ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", auth("host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")),
        ])
        let a = try await verifier(awsCredential, at: "20130524T000500Z").verify(r)
        #expect(a.credential == awsCredential)
        #expect(a.payload == .signed(emptyHash))
    }

    @Test func awsListObjectsExample() async throws {
        let r = request(.get, "/?max-keys=2&prefix=J", host: "examplebucket.s3.amazonaws.com", headers: [
            ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", auth("host;x-amz-content-sha256;x-amz-date", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")),
        ])
        _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(r)
    }

    @Test func awsLifecycleFlagExample() async throws {
        let r = request(.get, "/?lifecycle", host: "examplebucket.s3.amazonaws.com", headers: [
            ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", auth("host;x-amz-content-sha256;x-amz-date", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")),
        ])
        _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(r)
    }

    @Test func awsPresignedExample() async throws {
        let target = "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        let r = request(.get, target, host: "examplebucket.s3.amazonaws.com")
        let a = try await verifier(awsCredential, at: "20130524T120000Z").verify(r)
        #expect(a.payload == .unsigned)
        do {
            _ = try await verifier(awsCredential, at: "20130525T000001Z").verify(r)
            Issue.record("expired presigned URL accepted")
        } catch let e as WireError {
            #expect(e.code == .requestExpired)
        }
    }

    @Test func boto3CaptureFromProtocolNotes() async throws {
        let c = Credential(accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", owner: Owner(id: "y", displayName: "y"),
                           isAdmin: false, created: Timestamp(microseconds: 0))
        let r = request(.put, "/mybkt/dir/hello%20world.txt", host: "127.0.0.1:37411", headers: [
            ("x-amz-checksum-crc32", "DUoRhQ=="), ("x-amz-content-sha256", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"),
            ("x-amz-date", "20261122T034131Z"), ("x-amz-sdk-checksum-algorithm", "CRC32"), ("User-Agent", "Boto3/1.43.11"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm, Signature=0436902835a38df661d198868f9e89fd8a35bff893d995265235e5ca3c4ad3c6"),
        ])
        _ = try await verifier(c, at: "20261122T034500Z").verify(r)
        #expect(SigV4.canonicalQuery(rawQuery: "uploads&prefix=big%2F&delimiter=%2F&max-uploads=10&key-marker=a&upload-id-marker=b")
                == "delimiter=%2F&key-marker=a&max-uploads=10&prefix=big%2F&upload-id-marker=b&uploads=")
    }

    /// AWS's GET Object example: a wrong signature is answered with the canonical request and the
    /// string to sign AWS publishes for it; signed header names in any case verify.
    @Test func aMismatchShowsAWSsCanonicalRequestAndStringToSign() async throws {
        func get(signed: String, signature: String) -> WireRequest {
            request(.get, "/test.txt", host: "examplebucket.s3.amazonaws.com", headers: [
                ("Range", "bytes=0-9"), ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"),
                ("Authorization", auth(signed, signature)),
            ])
        }
        let good = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(get(signed: "Host;Range;X-Amz-Content-SHA256;x-amz-date", signature: good))
        // An empty name in the list is dropped from the canonical request's list; an upper-case
        // signature is compared in lower case.
        _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(get(signed: "host;range;;x-amz-content-sha256;x-amz-date", signature: good))
        _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(get(signed: "host;range;x-amz-content-sha256;x-amz-date", signature: good.uppercased()))
        do {
            _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(get(signed: "host;range;x-amz-content-sha256;x-amz-date", signature: String(repeating: "0", count: 64)))
            Issue.record("a wrong signature verified")
        } catch let e as WireError {
            #expect(e.code == .signatureDoesNotMatch)
            let details = Dictionary(uniqueKeysWithValues: e.details.map { ($0.name, $0.value) })
            #expect(details["CanonicalRequest"] == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(emptyHash)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(emptyHash)
                """)
            #expect(details["StringToSign"] == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        }
    }

    @Test func rejectsWrongKeyTamperingSkewAndUnknownKeys() async throws {
        func code(_ headers: [(String, String)], at time: String = "20130524T000000Z", target: String = "/test.txt") async -> WireError.Code? {
            do { _ = try await verifier(awsCredential, at: time).verify(request(.get, target, host: "examplebucket.s3.amazonaws.com", headers: headers)); return nil }
            catch let e as WireError { return e.code } catch { return nil }
        }
        let good: [(String, String)] = [
            ("Range", "bytes=0-9"), ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", auth("host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")),
        ]
        #expect(await code(good) == nil)
        var tampered = good
        tampered[0] = ("Range", "bytes=0-10")
        #expect(await code(tampered) == .signatureDoesNotMatch)
        #expect(await code(good, target: "/test2.txt") == .signatureDoesNotMatch)
        #expect(await code(good, at: "20130524T001600Z") == .requestTimeTooSkewed)
        var unknown = good
        unknown[3] = ("Authorization", auth("host;range;x-amz-content-sha256;x-amz-date", "f0e8", key: "NOPE"))
        #expect(await code(unknown) == .invalidAccessKeyId)
        #expect(await code([]) == .missingAuthentication)
        var noHost = good
        noHost[3] = ("Authorization", auth("range;x-amz-content-sha256;x-amz-date", "f0e8"))
        #expect(await code(noHost) == .authorizationMalformed)
    }

    /// A credential scope must be `AKID/yyyymmdd/region/s3/aws4_request`; anything else is
    /// malformed, with AWS's messages.
    @Test func malformedCredentialScopes() async throws {
        func message(_ credential: String) async -> String? {
            let header = "AWS4-HMAC-SHA256 Credential=\(credential),SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=f0e8"
            let r = request(.get, "/test.txt", host: "examplebucket.s3.amazonaws.com", headers: [
                ("x-amz-content-sha256", emptyHash), ("x-amz-date", "20130524T000000Z"), ("Authorization", header),
            ])
            do { _ = try await verifier(awsCredential, at: "20130524T000000Z").verify(r); return nil }
            catch let e as WireError { return e.code == .authorizationMalformed ? e.message : "\(e.code)" } catch { return "\(error)" }
        }
        let malformed = "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
        for credential in ["AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request/x",
                           "AKIAIOSFODNN7EXAMPLE/2013052/us-east-1/s3/aws4_request", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_requesT",
                           "AKIAIOSFODNN7EXAMPLE", "", "////"] {
            #expect(await message(credential) == malformed, "\(credential)")
        }
        #expect(await message("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/sqs/aws4_request")
                == "The authorization header is malformed; incorrect service \"sqs\". This endpoint belongs to \"s3\".")
        // A well-formed scope goes on to the signature.
        #expect(await message("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request") == "signatureDoesNotMatch")
    }
}

/// Tessera's own signer produces requests its verifier accepts, and a wrong secret is refused.
@Suite struct SigV4SignerTests {
    @Test func signerAndVerifierAgree() async throws {
        let clock = FixedClock("20261122T101500Z")
        let credential = Credential(accessKey: "AKADMIN", secretKey: "s3cr3t", owner: Owner(id: "o", displayName: "o"), isAdmin: true, created: clock.instant)
        let verifier = SigV4Verifier(lookup: { $0 == "AKADMIN" ? credential : nil }, clock: clock)
        for secret in ["s3cr3t", "wrong"] {
            let signer = SigV4Signer(accessKey: "AKADMIN", secretKey: secret)
            let body = Array("{\"uploads\":[]}".utf8)
            let headers = signer.headers(method: "POST", host: "127.0.0.1:9000", rawPath: "/_tessera/uploads/abort", rawQuery: "dry-run=1&b=%2F",
                                         body: body, now: clock.instant)
            let r = request(.post, "/_tessera/uploads/abort?dry-run=1&b=%2F", host: "127.0.0.1:9000", headers: headers.map { ($0.name, $0.value) })
            if secret == "s3cr3t" {
                #expect(try await verifier.verify(r).credential == credential)
            } else {
                await #expect(throws: WireError.self) { try await verifier.verify(r) }
            }
        }
    }

    /// The signer keeps derived keys; a key must follow the secret it was made from and its day.
    @Test func aSignerDerivesAKeyForEachSecretAndDay() async throws {
        var signer = SigV4Signer(accessKey: "AKADMIN", secretKey: "wrong")
        let steps = [("20261122T235900Z", "wrong", false), ("20261122T235930Z", "s3cr3t", true),
                     ("20261123T000100Z", "s3cr3t", true), ("20261123T000200Z", "wrong", false), ("20261123T000300Z", "s3cr3t", true)]
        for (at, secret, accepted) in steps {
            signer.secretKey = secret
            let clock = FixedClock(at)
            let credential = Credential(accessKey: "AKADMIN", secretKey: "s3cr3t", owner: Owner(id: "o", displayName: "o"), isAdmin: true, created: clock.instant)
            let verifier = SigV4Verifier(lookup: { $0 == "AKADMIN" ? credential : nil }, clock: clock)
            let headers = signer.headers(method: "GET", host: "127.0.0.1:9000", rawPath: "/b", rawQuery: "uploads", body: [], now: clock.instant)
            let r = request(.get, "/b?uploads", host: "127.0.0.1:9000", headers: headers.map { ($0.name, $0.value) })
            if accepted {
                #expect(try await verifier.verify(r).credential == credential, "\(at) \(secret)")
            } else {
                await #expect(throws: WireError.self, "\(at) \(secret)") { try await verifier.verify(r) }
            }
        }
    }
}
