import HTTPTypes
import Testing
import TesseraHTTP
import TesseraTestSupport

/// Failures through the pipeline: each dialect's document, status, request-id header and
/// code, for engine (storage) errors and wire (authentication, routing) errors alike.
@Suite struct ServerErrorRenderingTests {
    @Test(arguments: StoreKind.allCases)
    func everyDialectRendersItsOwnErrors(_ store: StoreKind) async throws {
        let server = try await TestServer(store)
        try await server.test { c in
            #expect(try await c.s3(.put, "/bkt").status == .ok)

            let s3 = try await c.s3(.delete, "/bkt/k?uploadId=nope")
            #expect(s3.status == .notFound)
            #expect(s3.elements("Code") == ["NoSuchUpload"])
            #expect(s3.elements("UploadId") == ["nope"])
            #expect(s3.elements("RequestId") == [s3.headers[HTTPField.Name("x-amz-request-id")!] ?? "-"])
            let badSig = try await c.s3(.get, "/bkt?uploads", secret: "wrong")
            #expect(badSig.status == .forbidden)
            #expect(badSig.elements("Code") == ["SignatureDoesNotMatch"])
            let head = try await c.s3(.head, "/bkt/missing")
            #expect(head.status == .notFound)
            #expect(head.body.readableBytes == 0)
            let badMax = try await c.s3(.get, "/bkt?uploads&max-uploads=x")
            #expect(badMax.status == .badRequest)
            #expect(badMax.elements("ArgumentName") == ["max-uploads"])

            // A Complete body nested 40,000 deep (it crashed the server) is MalformedXML, and the
            // server answers the next request.
            let id = try #require(try await c.s3(.post, "/bkt/k?uploads").elements("UploadId").first)
            let deep = String(repeating: "<Part>", count: 40_000) + String(repeating: "</Part>", count: 40_000)
            let nested = try await c.s3(.post, "/bkt/k?uploadId=\(id)", body: "<CompleteMultipartUpload>" + deep + "</CompleteMultipartUpload>")
            #expect(nested.status == .badRequest)
            #expect(nested.elements("Code") == ["MalformedXML"])
            let nul = try await c.s3(.post, "/bkt/k?uploadId=\(id)",
                                     body: "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&#0;</ETag></Part></CompleteMultipartUpload>")
            #expect(nul.elements("Code") == ["MalformedXML"])
            #expect(try await c.s3(.get, "/bkt?uploads").elements("UploadId") == [id])
            // Another user's Complete, DeleteObjects or lifecycle is refused before its body is read:
            // AccessDenied, whatever the body holds.
            for target in ["/bkt/k?uploadId=\(id)", "/bkt?delete"] {
                let foreign = try await c.s3(.post, target, body: "<not-even-xml", as: TestServer.otherAccessKey)
                #expect(foreign.status == .forbidden)
                #expect(foreign.elements("Code") == ["AccessDenied"])
            }
            #expect(try await c.s3(.put, "/bkt?lifecycle", body: "<x", as: TestServer.otherAccessKey).elements("Code") == ["AccessDenied"])

            // A bucket name with a control character is refused, and the error document that echoes
            // it is still XML 1.0 (it was `&#1;`, which clients cannot parse).
            let control = try await c.s3(.get, "/bad%01name?uploads")
            #expect(control.status == .badRequest)
            #expect(control.elements("Code") == ["InvalidBucketName"])
            #expect((try? XMLReader.parse(Array(control.body.readableBytesView))) != nil, "\(control.text)")

            // A header section over 16 KiB is refused before anything else, in each dialect's words.
            let big = try await c.raw(.get, "/bkt?uploads", [.init("x-amz-meta-big")!: String(repeating: "b", count: 17_000)])
            #expect(big.status == .badRequest)
            #expect(big.elements("Code") == ["RequestHeaderSectionTooLarge"])

            let bos = try await c.bos(.get, "/bkt/k?uploadId=nope")
            #expect(bos.status == .notFound)
            #expect(bos.json["code"] as? String == "NoSuchUpload")
            #expect(bos.json["requestId"] as? String == bos.headers[HTTPField.Name("x-bce-request-id")!])
            let bosSig = try await c.bos(.get, "/bkt?uploads", secret: "wrong")
            #expect(bosSig.status == .badRequest)
            #expect(bosSig.json["code"] as? String == "SignatureDoesNotMatch")

            let uf = try await c.ufile(.delete, bucket: "bkt", key: "k", query: "uploadId=nope")
            #expect(uf.status == .notFound)
            #expect(uf.json["RetCode"] as? Int == -30020)
            #expect(uf.headers[.contentType] == "application/json")
            #expect(uf.headers[HTTPField.Name("x-sessionid")!] != nil)
            let ufSig = try await c.ufile(.get, bucket: "bkt", key: "", query: "muploadid", secret: "wrong")
            #expect(ufSig.status == .unauthorized)
            #expect(ufSig.json["RetCode"] as? Int == -30002)
            let ufOther = try await c.ufile(.get, bucket: "other", key: "", query: "muploadid")
            #expect(ufOther.status == .notFound)
            #expect(ufOther.json["RetCode"] as? Int == -30010)
        }
    }
}
