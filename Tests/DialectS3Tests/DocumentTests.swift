import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// Wire documents against golden files, and request-document parsing.
@Suite struct DocumentTests {
    let owner = Owner(id: "owner-id", displayName: "owner")
    let t = Timestamp(microseconds: 1_795_000_000_123_000)

    func upload(_ key: String, _ id: String) throws -> Upload {
        Upload(bucket: try BucketName("bkt"), key: try ObjectKey(key), id: UploadID(id), initiated: t, lastActivity: t, owner: owner,
               initiator: owner, dialect: .s3, checksumAlgorithm: nil, blockSize: nil, attributes: ObjectAttributes())
    }

    @Test func listMultipartUploads() throws {
        let page = ListingPage<Upload>(entries: [.item(try upload("a b+c", "u1")), .commonPrefix("dir/"), .item(try upload("é", "u2"))],
                                       isTruncated: true, nextKeyMarker: "é", nextIDMarker: "u2")
        let q = MultipartDocuments.UploadsQuery(bucket: "bkt", prefix: "", delimiter: "/", keyMarker: "", uploadIDMarker: "", maxUploads: 3,
                                                encoding: ListingEncoding(url: true))
        try golden.check("ListMultipartUploadsResult.xml", MultipartDocuments.listUploads(page, q).document)
        let last = ListingPage<Upload>(entries: [.item(try upload("k", "u3"))], isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil)
        let q2 = MultipartDocuments.UploadsQuery(bucket: "bkt", prefix: "k", delimiter: nil, keyMarker: "j", uploadIDMarker: "u0", maxUploads: 1000,
                                                 encoding: ListingEncoding(url: false))
        try golden.check("ListMultipartUploadsResult-last.xml", MultipartDocuments.listUploads(last, q2).document)
        let empty = ListingPage<Upload>(entries: [.commonPrefix("dir/")], isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil)
        #expect(MultipartDocuments.listUploads(empty, q2).document.contains("<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>"))
    }

    @Test func initiateCompleteAndListParts() throws {
        let u = try upload("big/file.bin", "u1")
        try golden.check("InitiateMultipartUploadResult.xml", MultipartDocuments.initiate(u))
        let done = CompletedUpload(bucket: u.bucket, key: u.key, etag: ETag(hex: "0123456789abcdef0123456789abcdef", partCount: 2), size: 10,
                                   checksums: [], replayed: false)
        try golden.check("CompleteMultipartUploadResult.xml", MultipartDocuments.complete(done, location: "http://127.0.0.1:9000/bkt/big/file.bin"))
        let part = Part(uploadID: u.id, number: PartNumber(trusted: 1), size: 5_242_880, etag: ETag(hex: "fedcba9876543210fedcba9876543210"),
                        checksums: [], blob: BlobID("b"), lastModified: t)
        let page = PartsPage(upload: u, parts: [part], isTruncated: true, nextPartNumberMarker: 1)
        try golden.check("ListPartsResult.xml", MultipartDocuments.listParts(page, marker: 0, maxParts: 1))
    }

    @Test func bucketListings() throws {
        let buckets = [Bucket(name: try BucketName("photos-a"), owner: owner, created: t, region: ""),
                       Bucket(name: try BucketName("photos-b"), owner: owner, created: t, region: "eu-west-1")]
        let page = BucketPage(buckets: buckets, isTruncated: true)
        let l = S3BucketListing(query: BucketListQuery(prefix: "photos", limit: 2), parametersSent: true, prefix: "photos")
        try golden.check("ListAllMyBucketsResult-page.xml", BucketDocuments.listBuckets(page, l, owner: owner, defaultRegion: "us-east-1"))
        let all = BucketDocuments.listBuckets(BucketPage(buckets: buckets, isTruncated: false), .all, owner: owner, defaultRegion: "us-east-1")
        #expect(all.contains("<Name>photos-b</Name><CreationDate>2026-11-18T11:06:40.123Z</CreationDate></Bucket>"))
        #expect(!all.contains("BucketRegion") && !all.contains("ContinuationToken") && !all.contains("<Prefix>"))
    }

    @Test func errorDocument() throws {
        let e = StorageError.noSuchUpload("u1")
        try golden.check("Error-NoSuchUpload.xml", ErrorDocument.render(S3Errors.reply(.storage(e)), resource: "/bkt/k", requestID: "REQ1"))
    }

    @Test func objectListings() throws {
        let o = ObjectRecord(bucket: try BucketName("bkt"), key: try ObjectKey("dir/a&b"), size: 11, etag: ETag(hex: "5eb63bbbe01eeed093cb22bb8f5acdc3"),
                             lastModified: t, attributes: ObjectAttributes(), checksums: [], manifest: [], owner: owner)
        var crc = o, composite = o
        crc.key = try ObjectKey("dir/crc")
        crc.checksums = [Checksum(algorithm: .crc32, base64: "DUoRhQ==")]
        composite.key = try ObjectKey("dir/parts")
        composite.etag = ETag(hex: "0123456789abcdef0123456789abcdef", partCount: 2)
        composite.checksums = [Checksum(algorithm: .sha256, base64: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=-2")]
        let page = ListingPage<ObjectRecord>(entries: [.item(o), .item(crc), .item(composite), .commonPrefix("dir/sub/")], isTruncated: true,
                                             nextKeyMarker: "dir/sub/", nextIDMarker: nil)
        let v2 = ObjectListDocuments.V2(bucket: "bkt", prefix: "dir/", delimiter: "/", maxKeys: 4, encoding: ListingEncoding(url: true),
                                        continuationToken: nil, startAfter: nil, fetchOwner: false)
        try golden.check("ListBucketResult-v2.xml", ObjectListDocuments.v2(page, v2, nextToken: "ZGlyL3N1Yi8=").document)
        try golden.check("ListVersionsResult.xml", ObjectListDocuments.versions(page, bucket: "bkt", prefix: "dir/", keyMarker: "", delimiter: "/",
                                                                                 maxKeys: 4, encoding: ListingEncoding(url: false)).document)
        // Asked for (`x-amz-optional-object-attributes: RestoreStatus`), an archived object is restored for good; others have none.
        var cold = o
        cold.key = try ObjectKey("dir/cold")
        cold.attributes.storageClass = "GLACIER"
        let asked = ListingPage<ObjectRecord>(entries: [.item(o), .item(cold)], isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil)
        var withStatus = v2
        withStatus.restoreStatus = true
        let document = ObjectListDocuments.v2(asked, withStatus, nextToken: nil).document
        #expect(document.contains("<StorageClass>GLACIER</StorageClass><RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus></Contents>"))
        #expect(document.components(separatedBy: "<RestoreStatus>").count == 2)
        #expect(!ObjectListDocuments.v2(asked, v2, nextToken: nil).document.contains("RestoreStatus"))
    }

    @Test func parsesCompleteInAnyElementOrder() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Part><ETag>"aaa"</ETag><PartNumber>1</PartNumber><ChecksumCRC32>DUoRhQ==</ChecksumCRC32></Part>
              <Part><PartNumber>2</PartNumber><ETag>&quot;bbb&quot;</ETag></Part>
            </CompleteMultipartUpload>
            """
        let parts = try MultipartDocuments.parseComplete(Array(xml.utf8))
        #expect(parts.map(\.number.value) == [1, 2])
        #expect(parts.map(\.etag) == ["\"aaa\"", "\"bbb\""])
        #expect(parts[0].checksums == [Checksum(algorithm: .crc32, base64: "DUoRhQ==")])
    }

    @Test(arguments: ["", "<CompleteMultipartUpload>", "<CompleteMultipartUpload></CompleteMultipartUpload>",
                      "<Foo><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></Foo>",
                      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
                      "<CompleteMultipartUpload><Part><PartNumber>1<ETag>x</ETag></Part></CompleteMultipartUpload>",
                      "not xml at all", "<a></b>"])
    func malformedCompleteIsMalformedXML(_ doc: String) {
        do {
            _ = try MultipartDocuments.parseComplete(Array(doc.utf8))
            Issue.record("accepted \(doc)")
        } catch {
            #expect(error.code == .malformedDocument)
            #expect(S3Errors.wire(error).code == "MalformedXML")
        }
    }

    @Test func deleteDocument() throws {
        let req = try DeleteDocuments.parse(Array("""
            <Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key><ETag>"5eb63bbbe01eeed093cb22bb8f5acdc3"</ETag></Object>\
            <Object><Key>d</Key><ETag>*</ETag></Object></Delete>
            """.utf8))
        #expect(req.objects.map(\.key) == ["a&b", "c", "d"])
        #expect(req.objects.map(\.condition) == [.none, .matching(ETag(hex: "5eb63bbbe01eeed093cb22bb8f5acdc3")), .present])
        #expect(req.quiet)
        #expect(throws: StorageError.self) { try DeleteDocuments.parse(Array("<Delete><Object></Object></Delete>".utf8)) }
        try golden.check("DeleteResult.xml", DeleteDocuments.result([.deleted("a&b"), .failed("c", code: "AccessDenied", message: "Access Denied")], quiet: false))
    }

    @Test func everyErrorCodeHasAnS3Status() {
        for code in StorageError.Code.allCases {
            let (status, name) = S3Errors.wire(StorageError(code, "m"))
            #expect(status.code >= 400 && status.code < 600)
            #expect(!name.isEmpty)
        }
        for code in WireError.Code.allCases {
            let (status, name) = S3Errors.wire(WireError(code, "m"))
            #expect(status.code >= 400 && status.code < 500)
            #expect(!name.isEmpty)
        }
    }
}
