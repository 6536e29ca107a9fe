import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

@Suite struct BOSRouterTests {
    func route(_ m: HTTPRequest.Method, _ target: String, _ headers: [(String, String)] = []) throws -> BOSOperation {
        try BOSRouter.route(request(m, target, host: "127.0.0.1", headers: headers))
    }
    let b = try! BucketName("my-bucket")

    @Test func routesSeedAndSDKRequests() throws {
        let k = try ObjectKey("x/a+b=c&d ü~(1).txt")
        #expect(try route(.get, "/") == .listBuckets)
        #expect(try route(.get, "/my-bucket?location=") == .getBucketLocation(b))
        #expect(try route(.get, "/my-bucket?maxKeys=1000&prefix=a") == .listObjects(b, ListingQuery(prefix: "a", keyMarker: "", limit: 1000)))
        #expect(try route(.post, "/my-bucket?delete=") == .deleteMultipleObjects(b))
        #expect(try route(.put, "/my-bucket/x/a%2Bb%3Dc%26d%20%C3%BC~%281%29.txt") == .putObject(b, k))
        #expect(try route(.put, "/v1/my-bucket/x/a%2Bb%3Dc%26d%20%C3%BC~%281%29.txt") == .putObject(b, k))
        #expect(try route(.post, "/my-bucket/k?uploads=") == .initiateMultipartUpload(b, try ObjectKey("k")))
        #expect(try route(.put, "/my-bucket/k?partNumber=1&uploadId=U") == .uploadPart(b, try ObjectKey("k"), UploadID("U"), PartNumber(trusted: 1)))
        #expect(try route(.get, "/my-bucket/k?uploadId=U&maxParts=2") == .listParts(b, try ObjectKey("k"), UploadID("U"), PartListing(marker: 0, limit: 2)))
        #expect(try route(.get, "/my-bucket/k?uploadId=U&partNumberMarker=0") == .listParts(b, try ObjectKey("k"), UploadID("U"), PartListing(marker: 0, limit: 1000)))
        #expect(try route(.head, "/my-bucket/k") == .getObjectMeta(b, try ObjectKey("k")))
        #expect(try route(.delete, "/my-bucket/k?uploadId=U") == .abortMultipartUpload(b, try ObjectKey("k"), UploadID("U")))
        #expect(try route(.put, "/my-bucket/k", [("x-bce-copy-source", "/src-bucket/a%20b")])
                == .copyObject(b, try ObjectKey("k"), source: (try BucketName("src-bucket"), try ObjectKey("a b"))))
        #expect(throws: StorageError.self) { try route(.put, "/my-bucket/k?partNumber=0&uploadId=U") }
        #expect(throws: StorageError.self) { try route(.put, "/Bad_Bucket") }
    }

    /// The seed's request (`GET /?uploads`), the parameters its table documents, the SDK's
    /// `keyMarker`-only paging, and Tessera's exact-resume token.
    @Test func listMultipartUploadsParameters() throws {
        func listing(_ target: String) throws -> BOSUploadListing? {
            if case .listMultipartUploads(let bucket, let l) = try route(.get, target), bucket == b { return l }
            return nil
        }
        let all = ListingQuery(keyMarker: "", idMarker: "", limit: 1000, endOnKeyBoundary: true)
        #expect(try listing("/my-bucket?uploads") == BOSUploadListing(query: all, keyMarker: "", uploadIDMarker: ""))
        #expect(try listing("/v1/my-bucket?uploads=") == BOSUploadListing(query: all, keyMarker: "", uploadIDMarker: ""))
        #expect(try listing("/my-bucket?uploads=&keyMarker=a&maxUploads=3")
                == BOSUploadListing(query: ListingQuery(keyMarker: "a", idMarker: "", limit: 3, endOnKeyBoundary: true), keyMarker: "a", uploadIDMarker: ""))
        #expect(try listing("/my-bucket?uploads&keyMarker=my-movie.m2ts&uploadIdMarker=b41c&prefix=my&delimiter=/&maxUploads=0")
                == BOSUploadListing(query: ListingQuery(prefix: "my", delimiter: "/", keyMarker: "my-movie.m2ts", idMarker: "b41c", limit: 1,
                                                        endOnKeyBoundary: true), keyMarker: "my-movie.m2ts", uploadIDMarker: "b41c"))
        #expect(try listing("/my-bucket?uploads&keyMarker=k%00u7")
                == BOSUploadListing(query: ListingQuery(keyMarker: "k", idMarker: "u7", limit: 1000, endOnKeyBoundary: true), keyMarker: "k\u{0}u7",
                                    uploadIDMarker: ""))
        #expect(try listing("/my-bucket?uploads&uploadIdMarker=alone")
                == BOSUploadListing(query: all, keyMarker: "", uploadIDMarker: "alone"))
        #expect(throws: StorageError.self) { try route(.get, "/my-bucket?uploads&maxUploads=-3") }
    }
}
