import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

/// BOS's CORS JSON both ways (the Go SDK's example, golden) and its routes.
@Suite struct CrossOriginTests {
    let golden = Golden(besides: #filePath)

    /// The body the Go SDK's test answers GetBucketCors with (the form bce-python-sdk sends).
    static let example = """
        {"corsConfiguration": [
          {"allowedOrigins": ["http://www.example.com", "www.example2.com"], "allowedMethods": ["GET", "HEAD", "DELETE"],
           "allowedHeaders": ["Authorization", "x-bce-test", "x-bce-test2"], "allowedExposeHeaders": ["user-custom-expose-header"],
           "maxAgeSeconds": 3600},
          {"allowedOrigins": ["http://www.baidu.com"], "allowedMethods": ["GET", "HEAD", "DELETE"], "allowedHeaders": ["*"],
           "allowedExposeHeaders": ["user-custom-expose-header"], "maxAgeSeconds": 1800}
        ]}
        """

    @Test func roundTripsTheSDKsExample() throws {
        let c = try CrossOriginDocuments.parse(Array(Self.example.utf8))
        #expect(c.rules.map(\.allowedOrigins) == [["http://www.example.com", "www.example2.com"], ["http://www.baidu.com"]])
        #expect(c.rules.map(\.maxAgeSeconds) == [3600, 1800])
        #expect(c.rules[0].allowedHeaders == ["Authorization", "x-bce-test", "x-bce-test2"])
        #expect(c.rules[1].exposeHeaders == ["user-custom-expose-header"])
        try golden.check("GetBucketCors.json", CrossOriginDocuments.render(c))
        #expect(try CrossOriginDocuments.parse(Array(CrossOriginDocuments.render(c).utf8)) == c)
        // S3's checks hold here too; JSON of another shape is BOS's InappropriateJSON.
        #expect(throws: StorageError.self) { try CrossOriginDocuments.parse(Array(#"{"corsConfiguration":[{"allowedOrigins":["*"],"allowedMethods":["PATCH"]}]}"#.utf8)) }
        #expect(throws: StorageError.self) { try CrossOriginDocuments.parse(Array(#"{"corsConfiguration":[]}"#.utf8)) }
        #expect(throws: StorageError.self) { try CrossOriginDocuments.parse(Array(#"{"cors":1}"#.utf8)) }
    }

    @Test func routes() throws {
        let b = try BucketName("bkt")
        func route(_ m: HTTPRequest.Method, _ target: String) throws -> BOSOperation { try BOSRouter.route(request(m, target, host: "h")) }
        #expect(try route(.get, "/bkt?cors") == .getBucketCors(b))
        #expect(try route(.put, "/v1/bkt?cors=") == .putBucketCors(b))
        #expect(try route(.delete, "/bkt?cors") == .deleteBucketCors(b))
        #expect(try route(.get, "/bkt/k?cors") == .unsupported("GET object ?cors"))
        #expect(try route(.options, "/bkt/k?authorization=x") == .preflight(b, object: true))
        #expect(try route(.options, "/bkt") == .preflight(b, object: false))
        #expect(BOSErrors.wire(WireError(.crossOriginForbidden, "")) == (.forbidden, "AccessDenied"))
    }
}
