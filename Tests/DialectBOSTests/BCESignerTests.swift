import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

/// The two known-answer examples of protocols/bos.md §3.
@Suite struct BCESignerTests {
    @Test func officialExample() {
        let key = BCESigner.signingKey(secret: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", authStringPrefix: "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800")
        #expect(key == "1d5ce5f464064cbee060330d973218821825ac6952368a482a592e6615aef479")
        let headers = BCESigner.canonicalHeaders([("Host", "bj.bcebos.com"), ("Content-Length", "8"), ("Content-MD5", "NFzcPqhviddjRNnSOGo4rw=="),
                                                  ("Content-Type", "text/plain"), ("x-bce-date", "2015-04-27T08:23:49Z")])
        for (path, expected) in [("/v1/test/myfolder/readme.txt", "d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e"),
                                 ("/test/myfolder/readme.txt", "1816c10fce34ba9c9825eddc05fd6058bf82e05fefeddee8da6f869486ea68c0")] {
            let canonical = BCESigner.canonicalRequest(method: "PUT", uri: BCESigner.canonicalURI(rawPath: path),
                                                       query: BCESigner.canonicalQuery(rawQuery: "uploadId=a44cc9bab11cbd156984767aad637851&partNumber=9"),
                                                       headers: headers)
            #expect(BCESigner.signature(signingKey: key, canonicalRequest: canonical) == expected)
        }
    }

    @Test func sdkCaptureVerifies() async throws {
        let c = Credential(accessKey: "bosdummyak", secretKey: "bosdummysk", owner: Owner(id: "o", displayName: "o"), isAdmin: false,
                           created: Timestamp(microseconds: 0))
        let r = request(.put, "/my-bucket/dir/hello%20world.txt", host: "127.0.0.1:37411", headers: [
            ("Content-Length", "11"), ("Content-Type", "application/octet-stream"), ("x-bce-content-crc32", "222957957"),
            ("x-bce-date", "2026-11-22T03:40:36Z"), ("x-bce-meta-color", "red"), ("User-Agent", "bce-sdk-python/0.9.79"),
            ("Authorization", "bce-auth-v1/bosdummyak/2026-11-22T03:40:36Z/1800//d8658700ac4a88196b684e910bbce21d4b02271a2f021f616dc9a3c34b0542b5"),
        ])
        let verifier = BCEVerifier(lookup: { $0 == c.accessKey ? c : nil }, clock: FixedClock("2026-11-22T03:41:00Z"))
        #expect(try await verifier.verify(r) == c)
        // Past timestamp + expiration: RequestExpired.
        let late = BCEVerifier(lookup: { $0 == c.accessKey ? c : nil }, clock: FixedClock("2026-11-22T04:20:37Z"))
        await #expect(throws: WireError.self) { _ = try await late.verify(r) }
        // Any change to a signed header breaks the signature.
        var tampered = r
        tampered.headers[HTTPField.Name("x-bce-meta-color")!] = "blue"
        do { _ = try await verifier.verify(tampered); Issue.record("tampered request accepted") } catch let e as WireError {
            #expect(e.code == .signatureDoesNotMatch)
            #expect(BOSErrors.wire(e).code == "SignatureDoesNotMatch")
        }
    }
}
