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

    /// `x-amz-website-redirect-location` as S3 takes it: `/`, `http://` or `https://`, at most
    /// 2 KiB, else `InvalidRedirectLocation`.
    @Test func websiteRedirectLocation() throws {
        func location(_ v: String?) throws -> String? {
            try S3Headers.websiteRedirect(request(.put, "/b/k", host: "h", headers: v.map { [("x-amz-website-redirect-location", $0)] } ?? []))
        }
        #expect(try location(nil) == nil)
        for good in ["/", "/a/b.html", "http://example.com", "https://example.com/x?y=1", "/" + String(repeating: "a", count: 2047)] {
            #expect(try location(good) == good)
            #expect(try S3Headers.attributes(request(.put, "/b/k", host: "h", headers: [("x-amz-website-redirect-location", good)])).websiteRedirectLocation == good)
        }
        for bad in ["", "a/b", "ftp://x", "HTTP://x", "/" + String(repeating: "a", count: 2048)] {
            do {
                _ = try location(bad)
                Issue.record("\(bad.prefix(20)) was taken")
            } catch let error as StorageError {
                #expect(S3Errors.wire(error).code == "InvalidRedirectLocation")
            }
        }
    }
}
