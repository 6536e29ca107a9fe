import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport

@Suite struct HeaderScanTests {
    func request(_ fields: [(String, String)]) throws -> WireRequest {
        var headers = HTTPFields()
        for (name, value) in fields { headers.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value)) }
        return WireRequest(method: .put, target: "/b/k", authority: "h", headers: headers, body: ByteStream.empty,
                           requestID: "r", receivedAt: Timestamp(microseconds: 0))
    }

    /// Against a plain lookup of each name, over seeded header sets with names of the scanned
    /// lengths that differ, names in other cases, repeats and none of the names at all.
    @Test func agreesWithALookupOfEachName() throws {
        let scan = HeaderScan(["x-amz-server-side-encryption", "x-amz-object-lock-mode", "x-amz-object-lock-legal-hold"])
        let pool = ["X-Amz-Server-Side-Encryption", "x-amz-object-lock-mode", "x-amz-object-lock-legal-hold",
                    "x-amz-sdk-checksum-algorithm", "x-amz-object-lock-moda", "x-amz-date", "authorization", "content-length"]
        var rng = SplitMix(seed: 27)
        for _ in 0..<500 {
            var fields: [(String, String)] = []
            for n in 0..<Int(rng.next() % 7) { fields.append((pool[Int(rng.next() % UInt64(pool.count))], "v\(n)")) }
            let r = try request(fields)
            let expected = scan.names.map { name in fields.last { $0.0.lowercased() == name }?.1 }
            if expected.allSatisfy({ $0 == nil }) {
                #expect(scan.values(in: r) == nil, "\(fields)")
            } else {
                #expect(scan.values(in: r) == expected, "\(fields)")
            }
        }
    }
}
