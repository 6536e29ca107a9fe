import Testing
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// The digests a write request declares, read in one pass over its fields.
@Suite struct S3HeadersTests {
    @Test func integrityReadsEveryDeclaredDigest() throws {
        let r = request(.put, "/b/k", host: "h", headers: [
            ("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("X-Amz-Checksum-SHA256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
            ("x-amz-checksum-crc32", "AAAAAA=="), ("x-amz-sdk-checksum-algorithm", "crc32c"), ("x-amz-checksum-crc32", "second"),
        ])
        let check = try S3Headers.integrity(r, payload: .signed("abc"))
        #expect(check.contentMD5 == "1B2M2Y8AsgTpgAmY7PhCfg==")
        // In ChecksumAlgorithm.allCases' order; a repeated header joined as HTTPFields joins it.
        #expect(check.checksums.map(\.algorithm) == [.crc32, .sha256])
        #expect(check.checksums.map(\.base64) == ["AAAAAA==, second", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="])
        #expect(check.compute == [.crc32c])
        #expect(check.payloadSHA256 == "abc")

        let none = try S3Headers.integrity(request(.put, "/b/k", host: "h"), payload: .unsigned)
        #expect(none.contentMD5 == nil && none.checksums.isEmpty && none.compute.isEmpty && none.payloadSHA256 == nil)
        for algorithm in ChecksumAlgorithm.allCases {
            let one = try S3Headers.integrity(request(.put, "/b/k", host: "h", headers: [("x-amz-checksum-\(algorithm.headerSuffix)", "v")]), payload: .unsigned)
            #expect(one.checksums.map(\.algorithm) == [algorithm])
        }
        #expect(throws: StorageError.self) {
            try S3Headers.integrity(request(.put, "/b/k", host: "h", headers: [("x-amz-sdk-checksum-algorithm", "MD5")]), payload: .unsigned)
        }
    }
}
