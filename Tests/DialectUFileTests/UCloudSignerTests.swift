import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectUFile

/// The worked examples of protocols/ufile.md §2 (key `ufdummypriv`).
@Suite struct UCloudSignerTests {
    let credential = Credential(accessKey: "ufdummypub", secretKey: "ufdummypriv", owner: Owner(id: "o", displayName: "o"), isAdmin: false,
                                created: Timestamp(microseconds: 0))

    @Test func workedExamples() {
        #expect(UCloudSigner.signature(privateKey: "ufdummypriv", stringToSign: "PUT\n\ntext/plain\n\n/mybkt/dir/hello world.txt") == "weY3Q/JHSmq3pt5cHDBvm2NvzYQ=")
        #expect(UCloudSigner.signature(privateKey: "ufdummypriv", stringToSign: "HEAD\n\n\n\n/mybkt/dir/hello world.txt") == "gOx4hwREee5dMLiH0Eo027JfVo4=")
        let list = UCloudSigner.stringToSign(method: "GET", contentMD5: "", contentType: "", date: "", ucloudHeaders: [], bucket: "mybkt", key: "",
                                             listObjects: [("delimiter", "/"), ("marker", ""), ("max-keys", "50"), ("prefix", "dir/")])
        #expect(list == "GET\n\n\n\n/mybkt/\nlistobjects\ndelimiter:/\nmarker:\nmax-keys:50\nprefix:dir/")
        #expect(UCloudSigner.signature(privateKey: "ufdummypriv", stringToSign: list) == "tfp/89tlw9FE2aZarjGDvNen0SQ=")
    }

    @Test func verifierAcceptsTheSDKsRequestsAndRejectsOthers() async throws {
        let v = UCloudVerifier(lookup: { $0 == "ufdummypub" ? self.credential : nil }, clock: FixedClock(seconds: 1_000))
        let put = request(.put, "/dir/hello%20world.txt", host: "mybkt.ufile.test",
                          headers: [("Content-Type", "text/plain"), ("Authorization", "UCloud ufdummypub:weY3Q/JHSmq3pt5cHDBvm2NvzYQ=")])
        #expect(try await v.verify(put, bucket: "mybkt", key: "dir/hello world.txt") == credential)
        let list = request(.get, "/?listobjects&prefix=dir%2F&marker=&max-keys=50&delimiter=%2F", host: "mybkt.ufile.test",
                           headers: [("Content-Type", "application/json"), ("Authorization", "UCloud ufdummypub:tfp/89tlw9FE2aZarjGDvNen0SQ=")])
        #expect(try await v.verify(list, bucket: "mybkt", key: "") == credential)
        await #expect(throws: WireError.self) { _ = try await v.verify(put, bucket: "mybkt", key: "other") }
        // Query form with expiry.
        let sig = UCloudSigner.signature(privateKey: "ufdummypriv", stringToSign: "GET\n\n\n1500\n/mybkt/k")
        let url = request(.get, "/k?UCloudPublicKey=ufdummypub&Expires=1500&Signature=\(PercentEncoding.encode(sig))", host: "mybkt.ufile.test")
        #expect(try await v.verify(url, bucket: "mybkt", key: "k") == credential)
        let late = UCloudVerifier(lookup: { _ in self.credential }, clock: FixedClock(seconds: 1_501))
        do { _ = try await late.verify(url, bucket: "mybkt", key: "k"); Issue.record("expired URL accepted") } catch let e as WireError {
            #expect(e.code == .requestExpired)
            #expect(UFileErrors.wire(e).retCode != 0)
        }
    }
}
