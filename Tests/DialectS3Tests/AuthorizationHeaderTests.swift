import Testing
import TesseraCore
import TesseraTestSupport
@testable import DialectS3

/// The parameters of a SigV4 `Authorization` header, read in one pass over its bytes, are the
/// ones the split-trim-compare parse found.
@Suite struct AuthorizationHeaderTests {
    /// The parse as it was before it read bytes in place: the reference.
    static func reference(_ header: String) -> (String?, String?, String?) {
        var cred: String?, signed: String?, signature: String?
        for item in Substring(header.utf8.dropFirst(SigV4.algorithm.utf8.count + 1)).splitASCII(UInt8(ascii: ",")) {
            let t = item.trimmingASCIISpaces()
            guard let eq = t.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let value = String(t[t.index(after: eq)...])
            switch t[..<eq] {
            case "Credential": cred = value
            case "SignedHeaders": signed = value
            case "Signature": signature = value
            default: break
            }
        }
        return (cred, signed, signature)
    }

    @Test func theHeadersOfRealClients() {
        let boto3 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0436"
        let parsed = SigV4Verifier.parameters(boto3)
        #expect(parsed.credential == "AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request")
        #expect(parsed.signedHeaders == "host;x-amz-date")
        #expect(parsed.signature == "0436")
        let compact = SigV4Verifier.parameters("AWS4-HMAC-SHA256 Credential=a/b,SignedHeaders=host,Signature=ff,Signature=ee")
        #expect(compact.credential == "a/b" && compact.signedHeaders == "host" && compact.signature == "ee")
        let none = SigV4Verifier.parameters("AWS4-HMAC-SHA256 ")
        #expect(none.credential == nil && none.signedHeaders == nil && none.signature == nil)
    }

    /// Random headers of items, separators, spaces, unknown names, case variants and non-ASCII
    /// text parse as the reference parses them.
    @Test func randomHeadersParseAsBefore() {
        var rng = SeededRandom(seed: 0x4155_5448_3456)
        let pool = ["Credential=", "SignedHeaders=", "Signature=", "signature=", "X=", "=", ",", ",", " ", "  ", "a", "/", ";", "é", "Credential"]
        for _ in 0..<3_000 {
            let header = SigV4.algorithm + " " + (0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined()
            let parsed = SigV4Verifier.parameters(header), expected = Self.reference(header)
            #expect(parsed.credential == expected.0 && parsed.signedHeaders == expected.1 && parsed.signature == expected.2, "seed \(rng.seed): \(header)")
        }
    }
}
