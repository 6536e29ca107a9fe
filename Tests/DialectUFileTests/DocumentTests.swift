import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectUFile

@Suite struct UFileDocumentTests {
    let owner = Owner(id: "o", displayName: "o")

    func upload(_ key: String, _ id: String, started: Int64) throws -> Upload {
        let t = Timestamp(microseconds: started * 1_000_000 + 123)
        return Upload(bucket: try BucketName("example"), key: try ObjectKey(key), id: UploadID(id), initiated: t, lastActivity: t, owner: owner,
                      initiator: owner, dialect: .ufile, checksumAlgorithm: nil, blockSize: 4_194_304, attributes: ObjectAttributes())
    }

    /// The seed document's example response, rendered by Tessera.
    @Test func getMultiUploadIdLikeTheSeed() throws {
        let uploads = [try upload("large_file_version_2", "3be8bd2b-4188-41d5-ac80-9ddf644a090c", started: 1_484_116_878),
                       try upload("large_file_version_4", "e5af977e-329c-4a25-b907-d8bc39ff95e3", started: 1_484_117_647)]
        try golden.check("GetMultiUploadId.json", UFileDocuments.multiUploadIDs(uploads, bucket: "example", uploadIDMarker: "", isTruncated: false, nextMarker: ""))
        try golden.check("InitiateMultipartUpload.json", UFileDocuments.initiate(uploads[0]))
        try golden.check("Error.json", UFileDocuments.error(retCode: -15010, message: "file not exist"))
        try golden.check("FinishMultipartUpload.json", UFileDocuments.finish(bucket: "example", key: "k", size: 9_437_184))
    }

    @Test func formUploadToleratesTheMissingClosingBoundary() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"FileName\"\r\n\r\ndir/a.txt\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"Authorization\"\r\n\r\nUCloud p:s\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"/tmp/a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld\r\n"
            + "--XyZ\r\n"
        let form = try FormUpload.parse(Array(body.utf8), boundary: "XyZ")
        #expect(String(decoding: try #require(form.field("FileName")).data, as: UTF8.self) == "dir/a.txt")
        let file = try #require(form.field("file"))
        #expect(String(decoding: file.data, as: UTF8.self) == "hello\r\nworld")
        #expect(file.contentType == "text/plain")
        let closed = try FormUpload.parse(Array(body.dropLast(2).appending("--\r\n").utf8), boundary: "XyZ")
        #expect(closed.fields.count == 3)
        #expect(FormUpload.boundary(contentType: "multipart/form-data; boundary=XyZ") == "XyZ")
        #expect(throws: StorageError.self) { try FormUpload.parse(Array("garbage".utf8), boundary: "XyZ") }
    }

    @Test func everyErrorCodeHasANonZeroRetCode() {
        for code in StorageError.Code.allCases {
            let (status, ret) = UFileErrors.wire(StorageError(code, "m"))
            #expect(ret != 0 && status.code >= 400)
        }
        for code in WireError.Code.allCases {
            let (status, ret) = UFileErrors.wire(WireError(code, "m"))
            #expect(ret != 0 && status.code >= 400 && status.code < 500)
        }
    }
}
