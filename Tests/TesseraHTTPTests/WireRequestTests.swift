import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP

/// A request's target splits into path and query, an absolute-form target gives the host, and
/// the host loses its port and its capitals (but keeps an IPv6 address's brackets).
@Suite struct WireRequestTests {
    func request(_ target: String, authority: String?) -> WireRequest {
        WireRequest(method: .get, target: target, authority: authority, headers: HTTPFields(), body: ByteStream.empty,
                    requestID: "r", receivedAt: Timestamp(microseconds: 0))
    }

    @Test func originFormTargets() {
        let r = request("/bkt/a%20b?partNumber=2&uploadId=x", authority: "s3.local:9000")
        #expect(r.rawPath == "/bkt/a%20b")
        #expect(r.path == "/bkt/a b")
        #expect(r.rawQuery == "partNumber=2&uploadId=x")
        #expect(r.query["uploadId"] == "x")
        #expect(r.authority == "s3.local:9000")
        #expect(r.host == "s3.local")
        let bare = request("/", authority: nil)
        #expect(bare.rawPath == "/" && bare.rawQuery == "" && bare.host == "")
    }

    @Test func absoluteFormTargetsNameTheHost() {
        let r = request("http://Bkt.Example.COM:8080/key?uploads", authority: "ignored")
        #expect(r.authority == "Bkt.Example.COM:8080")
        #expect(r.host == "bkt.example.com")
        #expect(r.rawPath == "/key")
        #expect(r.rawQuery == "uploads")
        let noPath = request("https://h.example?x=1", authority: nil)
        #expect(noPath.host == "h.example")
        #expect(noPath.rawPath == "/")
        #expect(noPath.rawQuery == "x=1")
    }

    @Test(arguments: [("[::1]:9000", "[::1]"), ("[::1]", "[::1]"), ("HOST", "host"), ("host", "host"), ("h:1", "h"), ("É.example", "é.example")])
    func hostsLoseTheirPortAndCapitals(authority: String, host: String) {
        let r = request("/", authority: authority)
        #expect(r.host == host)
        #expect(r.authority == authority)
    }
}
