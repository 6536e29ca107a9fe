import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

@Suite struct RouterTests {
    func route(_ m: HTTPRequestMethod, _ target: String, _ headers: [(String, String)] = []) throws -> S3Operation {
        try S3Router.route(request(m.method, target, host: "127.0.0.1:9000", headers: headers))
    }

    enum HTTPRequestMethod { case get, put, post, delete, head
        var method: HTTPTypesMethod { switch self { case .get: .get; case .put: .put; case .post: .post; case .delete: .delete; case .head: .head } }
    }

    let b = try! BucketName("mybkt")

    @Test func routes() throws {
        let k = try ObjectKey("dir/hello world+.txt")
        #expect(try route(.get, "/") == .listBuckets)
        #expect(try route(.put, "/mybkt") == .createBucket(b))
        #expect(try route(.get, "/mybkt?uploads") == .listMultipartUploads(b))
        #expect(try route(.get, "/mybkt/?uploads=&prefix=a") == .listMultipartUploads(b))
        #expect(try route(.get, "/mybkt?list-type=2&encoding-type=url") == .listObjectsV2(b))
        #expect(try route(.get, "/mybkt?location") == .getBucketLocation(b))
        #expect(try route(.get, "/mybkt?versions") == .listObjectVersions(b))
        #expect(try route(.post, "/mybkt?delete") == .deleteObjects(b))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt") == .putObject(b, k))
        #expect(try route(.post, "/mybkt/dir/hello%20world%2B.txt?uploads") == .createMultipartUpload(b, k))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt?uploadId=U&partNumber=3") == .uploadPart(b, k, UploadID("U"), PartNumber(trusted: 3)))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt?partNumber=3&uploadId=U", [("x-amz-copy-source", "src/a%20b")])
                == .uploadPartCopy(b, k, UploadID("U"), PartNumber(trusted: 3), source: CopySource(bucket: try BucketName("src"), key: try ObjectKey("a b"))))
        #expect(try route(.post, "/mybkt/dir/hello%20world%2B.txt?uploadId=U") == .completeMultipartUpload(b, k, UploadID("U")))
        #expect(try route(.delete, "/mybkt/dir/hello%20world%2B.txt?uploadId=U") == .abortMultipartUpload(b, k, UploadID("U")))
        #expect(try route(.get, "/mybkt/dir/hello%20world%2B.txt?uploadId=U&max-parts=2") == .listParts(b, k, UploadID("U")))
        #expect(try route(.head, "/mybkt/dir/hello%20world%2B.txt") == .headObject(b, k))
        #expect(try route(.put, "/mybkt/x", [("x-amz-copy-source", "/src/y?versionId=null")])
                == .copyObject(b, try ObjectKey("x"), source: CopySource(bucket: try BucketName("src"), key: try ObjectKey("y"))))
        #expect(try route(.get, "/mybkt?acl") == .unsupported("GET ?acl"))
    }

    @Test func rejectsBadInput() {
        #expect(throws: StorageError.self) { try route(.put, "/Bad_Bucket") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=0") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=10001") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=x") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/" + String(repeating: "k", count: 1025)) }
    }
}

import HTTPTypes
typealias HTTPTypesMethod = HTTPRequest.Method
