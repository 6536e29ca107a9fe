import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectUFile

@Suite struct UFileRouterTests {
    let router = UFileRouter(suffixes: [".ufile.local", ".cn-bj.ufileos.com", ".ufile.test:37411"])
    let b = try! BucketName("mybkt")

    func route(_ m: HTTPRequest.Method, _ target: String, host: String = "mybkt.ufile.local", _ headers: [(String, String)] = []) throws -> UFileOperation {
        try router.route(request(m, target, host: host, headers: headers))
    }

    @Test func bucketComesFromTheHost() throws {
        #expect(router.bucketName(host: "mybkt.ufile.local") == "mybkt")
        #expect(router.bucketName(host: "mybkt.cn-bj.ufileos.com") == "mybkt")
        #expect(router.bucketName(host: "mybkt.ufile.test") == "mybkt")
        #expect(router.bucketName(host: "127.0.0.1") == nil)
        #expect(router.bucketName(host: ".ufile.local") == nil)
        // Absolute-form targets (the SDK through a proxy) and a Host with port.
        let abs = request(.put, "http://mybkt.ufile.local/dir/x.txt", host: "mybkt.ufile.local:80")
        #expect(try router.route(abs) == .putFile(b, try ObjectKey("dir/x.txt")))
    }

    @Test func routes() throws {
        let k = try ObjectKey("a+b c.txt")
        #expect(try route(.put, "/a+b%20c.txt") == .putFile(b, k))
        #expect(try route(.head, "/a+b%20c.txt") == .headFile(b, k))
        #expect(try route(.post, "/") == .postFile(b))
        #expect(try route(.get, "/?list&prefix=a") == .prefixFileList(b, ListingQuery(prefix: "a", limit: 20)))
        #expect(try route(.get, "/?listobjects&prefix=&marker=&max-keys=10&delimiter=") == .listObjects(b, ListingQuery(keyMarker: "", limit: 10)))
        #expect(try route(.get, "/?muploadpart&uploadId=U&max-parts=5") == .getMultiUploadPart(b, UploadID("U"), PartListing(marker: 0, limit: 5)))
        #expect(try route(.get, "/?muploadpart&uploadId=U&part-number-marker=2") == .getMultiUploadPart(b, UploadID("U"), PartListing(marker: 3, limit: 1000)))
        #expect(try route(.post, "/big?uploads") == .initiateMultipartUpload(b, try ObjectKey("big")))
        #expect(try route(.put, "/big?uploadId=U&partNumber=0") == .uploadPart(b, try ObjectKey("big"), UploadID("U"), part: 0))
        #expect(try route(.post, "/big?uploadId=U") == .finishMultipartUpload(b, try ObjectKey("big"), UploadID("U"), newKey: nil))
        #expect(try route(.post, "/big?uploadId=U&newKey=other") == .finishMultipartUpload(b, try ObjectKey("big"), UploadID("U"), newKey: try ObjectKey("other")))
        #expect(try route(.delete, "/big?uploadId=U") == .abortMultipartUpload(b, try ObjectKey("big"), UploadID("U")))
        #expect(try route(.delete, "/big?uploads=U") == .abortMultipartUpload(b, try ObjectKey("big"), UploadID("U")))  // JuiceFS
        #expect(try route(.delete, "/big?uploads=") == .deleteFile(b, try ObjectKey("big")))
        #expect(try route(.put, "/big?storageClass=IA") == .classSwitch(b, try ObjectKey("big"), storageClass: "IA"))
        #expect(try route(.put, "/big?restore") == .restore(b, try ObjectKey("big")))
        #expect(try route(.post, "/big?opmeta") == .opMeta(b, try ObjectKey("big")))
        #expect(try route(.post, "/big?opmeta").name == "OpMeta")
        #expect(try route(.put, "/dst", [("X-Ufile-Copy-Source", "/src/a%20b")]) == .copy(b, try ObjectKey("dst"), sourceBucket: try BucketName("src"), sourceKey: try ObjectKey("a b")))
        #expect(throws: StorageError.self) { try route(.put, "/big?uploadId=U&partNumber=-1") }
        #expect(throws: WireError.self) { try route(.put, "/k", host: "other.example.com") }
    }

    /// The seed's example (`GET /?muploadid&prefix=lar&marker=a&limit=20`), its defaults
    /// (limit 20), the clamp, and Tessera's exact-resume `NextMarker` token.
    @Test(arguments: [
        ("/?muploadid&prefix=lar&marker=a&limit=20", ListingQuery(prefix: "lar", keyMarker: "a", idMarker: "", limit: 20)),
        ("/?muploadid", ListingQuery(keyMarker: "", idMarker: "", limit: 20)),
        ("/?muploadid&limit=", ListingQuery(keyMarker: "", idMarker: "", limit: 20)),
        ("/?muploadid&limit=5000", ListingQuery(keyMarker: "", idMarker: "", limit: 1000)),
        ("/?muploadid&limit=0", ListingQuery(keyMarker: "", idMarker: "", limit: 1)),
        ("/?muploadid&marker=big%2Ffile%00u42&limit=7", ListingQuery(keyMarker: "big/file", idMarker: "u42", limit: 7)),
    ])
    func getMultiUploadId(_ target: String, _ expected: ListingQuery) throws {
        #expect(try route(.get, target) == .getMultiUploadId(b, expected))
    }

    @Test func refusesABadLimit() {
        #expect(throws: StorageError.self) { try route(.get, "/?muploadid&limit=x") }
    }
}
