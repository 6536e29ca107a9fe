import Foundation
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectUFile

/// The UCloud API form: its signature (protocols/ufile.md §2's worked example), its routing, and
/// GetMultiUploadId's answer against the seed page's example.
@Suite struct APIFormTests {
    let owner = Owner(id: "o", displayName: "o")
    let router = UFileRouter(suffixes: [".ufile.local"])

    @Test func signatureWorkedExample() {
        let params = [("Action", "CreateBucket"), ("BucketName", "mybkt"), ("PublicKey", "ufdummypub"), ("Region", "cn-bj"), ("Type", "private")]
        #expect(UCloudAPISignature.sign(params.shuffled().map { (name: $0.0, value: $0.1) }, privateKey: "ufdummypriv")
                == "ae46aa03b7fb8347df30cced57cd4614b0858182")
    }

    @Test func verifiesThePublicKeysSignatureOnly() async throws {
        let credential = Credential(accessKey: "ufdummypub", secretKey: "ufdummypriv", owner: owner, isAdmin: false, created: Timestamp(microseconds: 0))
        let lookup: UCloudVerifier.Lookup = { $0 == "ufdummypub" ? credential : nil }
        let good = request(.get, "/?Action=CreateBucket&BucketName=mybkt&Region=cn-bj&Type=private&PublicKey=ufdummypub&Signature=ae46aa03b7fb8347df30cced57cd4614b0858182",
                           host: "api.ucloud.cn")
        #expect(UFileAPIForm.matches(good))
        #expect(try await UCloudAPISignature.verify(try UFileAPIForm(good), lookup: lookup) == credential)
        let tampered = request(.get, "/?Action=CreateBucket&BucketName=other&Region=cn-bj&Type=private&PublicKey=ufdummypub&Signature=ae46aa03b7fb8347df30cced57cd4614b0858182",
                               host: "api.ucloud.cn")
        await #expect(throws: WireError.self) { _ = try await UCloudAPISignature.verify(try UFileAPIForm(tampered), lookup: lookup) }
        let unknown = request(.get, "/?Action=DeleteBucket&BucketName=b&PublicKey=nobody&Signature=00", host: "api.ucloud.cn")
        await #expect(throws: WireError.self) { _ = try await UCloudAPISignature.verify(try UFileAPIForm(unknown), lookup: lookup) }
    }

    @Test func routesEveryAction() throws {
        func route(_ query: String) throws -> UFileOperation {
            try router.route(request(.get, "/?" + query + "&PublicKey=p&Signature=s", host: "api.ucloud.cn"))
        }
        let b = try BucketName("mybkt")
        #expect(try route("Action=GetMultiUploadId&BucketName=mybkt&Prefix=lar+ge&Marker=a&Limit=5000")
                == .api(.getMultiUploadId(b, ListingQuery(prefix: "lar ge", keyMarker: "a", idMarker: "", limit: 1000))))
        #expect(try route("Action=CreateBucket&BucketName=mybkt&Region=cn-bj&Type=public") == .api(.createBucket(b, .publicRead, region: "cn-bj")))
        #expect(try route("Action=DescribeBucket&Offset=2&Limit=3") == .api(.describeBucket(nil, offset: 2, limit: 3)))
        #expect(try route("Action=UpdateBucket&BucketName=mybkt&Type=private") == .api(.updateBucket(b, .private)))
        #expect(try route("Action=DeleteBucket&BucketName=mybkt") == .api(.deleteBucket(b)))
        #expect(throws: StorageError.self) { try route("Action=UpdateBucket&BucketName=mybkt") }
        #expect(throws: StorageError.self) { try route("Action=CreateBucket&BucketName=mybkt&Type=open") }
        #expect(throws: StorageError.self) { try route("Action=GetMultiUploadId&Limit=3") }
        #expect(throws: StorageError.self) { try route("Action=DescribeUFileToken&BucketName=mybkt") }
    }

    /// The seed page's example response: every field and value it shows is in Tessera's answer
    /// (which adds the REST page's `Bucket`, `UploadIdMarker`, `IsTruncated`, `StorageClass`).
    @Test func getMultiUploadIdHoldsTheSeedExample() throws {
        func upload(_ key: String, _ id: String, _ started: Int64) throws -> Upload {
            let t = Timestamp(microseconds: started * 1_000_000 + 123)
            return Upload(bucket: try BucketName("example"), key: try ObjectKey(key), id: UploadID(id), initiated: t, lastActivity: t, owner: owner,
                          initiator: owner, dialect: .ufile, checksumAlgorithm: nil, blockSize: 4_194_304, attributes: ObjectAttributes())
        }
        let uploads = [try upload("large_file_version_2", "3be8bd2b-4188-41d5-ac80-9ddf644a090c", 1_484_116_878),
                       try upload("large_file_version_4", "e5af977e-329c-4a25-b907-d8bc39ff95e3", 1_484_117_647)]
        let text = UFileDocuments.multiUploadIDs(uploads, bucket: "example", uploadIDMarker: "", isTruncated: false, nextMarker: "")
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let seed = """
            {"DataSet":[{"FileName":"large_file_version_2","StartTime":1484116878,"UploadId":"3be8bd2b-4188-41d5-ac80-9ddf644a090c"},
            {"FileName":"large_file_version_4","StartTime":1484117647,"UploadId":"e5af977e-329c-4a25-b907-d8bc39ff95e3"}],
            "ErrMsg":"","NextMarker":"","RetCode":0}
            """
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(seed.utf8)) as? [String: Any])
        for (name, value) in expected where name != "DataSet" { #expect("\(actual[name] ?? "missing")" == "\(value)", "\(name)") }
        let rows = try #require(actual["DataSet"] as? [[String: Any]]), seedRows = try #require(expected["DataSet"] as? [[String: Any]])
        #expect(rows.count == seedRows.count)
        for (row, seedRow) in zip(rows, seedRows) {
            for (name, value) in seedRow { #expect("\(row[name] ?? "missing")" == "\(value)", "\(name)") }
            #expect(row["StorageClass"] as? String == "STANDARD")
        }
        #expect(actual["Action"] as? String == "GetMultiUploadIdResponse" && actual["Bucket"] as? String == "example")
        #expect(actual["IsTruncated"] as? Bool == false && actual["UploadIdMarker"] as? String == "")
    }
}
