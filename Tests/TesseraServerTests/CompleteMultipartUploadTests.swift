import Testing
import TesseraTestSupport

/// CompleteMultipartUpload in each dialect through the real responder, over every store; an
/// upload started in one dialect is completed in another and read back.
@Suite struct ServerCompleteMultipartUploadTests {
    @Test(arguments: StoreKind.allCases)
    func eachDialectCompletes(_ store: StoreKind) async throws {
        let server = try await TestServer(store)
        try await server.test { c in
            #expect(try await c.s3(.put, "/bkt").status == .ok)

            // S3 start, S3 part, S3 complete (XML body).
            let id1 = try #require(try await c.s3(.post, "/bkt/s3obj?uploads").elements("UploadId").first)
            let etag1 = try #require(try await c.s3(.put, "/bkt/s3obj?partNumber=1&uploadId=\(id1)", body: "hello s3").headers[.eTag])
            let doc = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\(etag1)</ETag></Part></CompleteMultipartUpload>"
            let done1 = try await c.s3(.post, "/bkt/s3obj?uploadId=\(id1)", body: doc)
            #expect(done1.status == .ok)
            #expect(done1.elements("Key") == ["s3obj"])
            #expect(try await c.s3(.get, "/bkt/s3obj").text == "hello s3")

            // UFile start and part, BOS complete (JSON body): one engine.
            let id2 = try #require(try await c.ufile(.post, bucket: "bkt", key: "mixed", query: "uploads").json["UploadId"] as? String)
            let part = try await c.ufile(.put, bucket: "bkt", key: "mixed", query: "uploadId=\(id2)&partNumber=0", body: "hello ufile")
            #expect(part.status == .ok)
            let md5 = try await c.bos(.get, "/bkt/mixed?uploadId=\(id2)")
            let parts = md5.json["parts"] as? [[String: Any]] ?? []
            let bosETag = try #require(parts.first?["eTag"] as? String)
            let done2 = try await c.bos(.post, "/bkt/mixed?uploadId=\(id2)", body: #"{"parts":[{"partNumber":1,"eTag":"\#(bosETag)"}]}"#)
            #expect(done2.status == .ok)
            #expect(try await c.bos(.get, "/bkt/mixed").text == "hello ufile")

            // UFile start, part and Finish (comma-separated ETags).
            let id3 = try #require(try await c.ufile(.post, bucket: "bkt", key: "uf", query: "uploads").json["UploadId"] as? String)
            let tag = try #require(try await c.ufile(.put, bucket: "bkt", key: "uf", query: "uploadId=\(id3)&partNumber=0", body: "only part").headers[.eTag])
            let done3 = try await c.ufile(.post, bucket: "bkt", key: "uf", query: "uploadId=\(id3)", body: tag)
            #expect(done3.status == .ok)
            #expect(done3.json["FileSize"] as? Int == 9)

            // Nothing left in progress; a retried S3 Complete answers the same (idempotent).
            #expect(try await c.s3(.get, "/bkt?uploads").elements("Key").isEmpty)
            #expect(try await c.s3(.post, "/bkt/s3obj?uploadId=\(id1)", body: doc).status == .ok)
        }
    }
}
