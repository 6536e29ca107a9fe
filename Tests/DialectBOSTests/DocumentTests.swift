import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

@Suite struct BOSDocumentTests {
    let owner = Owner(id: "75aa57f09aa0c8caeab4aeebf76c078efc7c6caea54ba06a", displayName: "OwnerDisplayName")
    let t = Timestamp(iso8601: "2010-11-10T20:48:33Z")!

    func upload(_ key: String, _ id: String, storageClass: String = "STANDARD") throws -> Upload {
        Upload(bucket: try BucketName("bucket"), key: try ObjectKey(key), id: UploadID(id), initiated: t, lastActivity: t, owner: owner,
               initiator: owner, dialect: .bos, checksumAlgorithm: nil, blockSize: nil, attributes: ObjectAttributes(storageClass: storageClass))
    }

    /// The seed document's example page, rendered by Tessera.
    @Test func listMultipartUploadsLikeTheSeed() throws {
        var page = ListingPage<Upload>(entries: [.item(try upload("my-divisor", "a44cc9bab11bdc157676984aad851637", storageClass: "STANDARD_IA")),
                                                 .item(try upload("my-movie", "b44cc9bab11cbd156984767aad637851")),
                                                 .item(try upload("my-movie.m2ts", "b41cc9aad11cbd637851767bab156984", storageClass: "STANDARD_IA"))],
                                       isTruncated: true, nextKeyMarker: "my-movie.m2ts", nextIDMarker: "b41cc9aad11cbd637851767bab156984")
        page.endsInsideKey = false
        let q = BOSDocuments.UploadsQuery(bucket: "bucket", prefix: "", delimiter: nil, keyMarker: "", uploadIDMarker: "", maxUploads: 3)
        try golden.check("ListMultipartUploads.json", BOSDocuments.listUploads(page, q, nextKeyMarker: page.nextKeyMarker).document)
        let last = ListingPage<Upload>(entries: [.commonPrefix("dir/")], isTruncated: false, nextKeyMarker: nil, nextIDMarker: nil)
        let q2 = BOSDocuments.UploadsQuery(bucket: "bucket", prefix: "", delimiter: "/", keyMarker: "my-movie", uploadIDMarker: "", maxUploads: 1000)
        try golden.check("ListMultipartUploads-prefixes.json", BOSDocuments.listUploads(last, q2, nextKeyMarker: nil).document)
    }

    @Test func otherDocuments() throws {
        try golden.check("Error.json", BOSDocuments.error(code: "NoSuchUpload", message: "The \"upload\" is gone", requestID: "REQ1"))
        let u = try upload("big/file", "u1")
        try golden.check("InitiateMultipartUpload.json", BOSDocuments.initiate(u))
        let part = Part(uploadID: u.id, number: PartNumber(trusted: 1), size: 102_400, etag: ETag(hex: "0123456789abcdef0123456789abcdef"),
                        checksums: [], blob: BlobID("b"), lastModified: t)
        try golden.check("ListParts.json", BOSDocuments.listParts(PartsPage(upload: u, parts: [part], isTruncated: false, nextPartNumberMarker: 1),
                                                                   marker: 0, maxParts: 1000))
        let done = CompletedUpload(bucket: u.bucket, key: u.key, etag: ETag(hex: "fedcba9876543210fedcba9876543210", partCount: 1), size: 1,
                                   checksums: [], replayed: false)
        try golden.check("CompleteMultipartUpload.json", BOSDocuments.complete(done, location: "http://127.0.0.1:9000/bucket/big/file"))
    }

    @Test func bucketAndObjectListings() throws {
        let b = Bucket(name: try BucketName("my-bucket"), owner: owner, created: t, region: "")
        try golden.check("ListBuckets.json", BOSDocuments.listBuckets([b], owner: owner, defaultRegion: "bj"))
        let o = ObjectRecord(bucket: b.name, key: try ObjectKey("dir/a \"b\".txt"), size: 11, etag: ETag(hex: "5eb63bbbe01eeed093cb22bb8f5acdc3"),
                             lastModified: t, attributes: ObjectAttributes(), checksums: [], manifest: [], owner: owner)
        let page = ListingPage<ObjectRecord>(entries: [.item(o), .commonPrefix("dir/sub/")], isTruncated: true, nextKeyMarker: "dir/sub/", nextIDMarker: nil)
        try golden.check("ListObjects.json", BOSDocuments.listObjects(page, bucket: "my-bucket", prefix: "dir/", delimiter: "/", marker: "", maxKeys: 2).document)
        try golden.check("GetBucketLocation.json", BOSDocuments.location("bj"))
    }

    @Test func requestDocuments() throws {
        let parts = try RequestDocuments.parseComplete(Array(#"{"parts": [{"partNumber": 1, "eTag": "abc"}, {"partNumber": 3, "eTag": "def"}]}"#.utf8))
        #expect(parts.map(\.number.value) == [1, 3])
        for bad in ["", "{", #"{"parts": []}"#, #"{"parts": [{"partNumber": "x"}]}"#, "[1,2]"] {
            do { _ = try RequestDocuments.parseComplete(Array(bad.utf8)); Issue.record("accepted \(bad)") } catch {
                #expect(BOSErrors.wire(error).code == "InappropriateJSON")
            }
        }
        #expect(try RequestDocuments.parseDelete(Array(#"{"objects":[{"key":"a"},{"key":"b c"}]}"#.utf8)) == ["a", "b c"])
    }

    @Test func everyErrorCodeHasABOSStatus() {
        for code in StorageError.Code.allCases {
            let (status, name) = BOSErrors.wire(StorageError(code, "m"))
            #expect(status.code >= 400 && !name.isEmpty)
        }
        for code in WireError.Code.allCases {
            let (status, name) = BOSErrors.wire(WireError(code, "m"))
            #expect(status.code >= 400 && status.code < 500 && !name.isEmpty)
        }
    }
}
