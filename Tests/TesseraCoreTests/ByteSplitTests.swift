import Testing
import TesseraCore

/// Splitting and trimming on ASCII bytes gives what the `Character` versions give.
@Suite struct ByteSplitTests {
    @Test(arguments: ["", ",", "a,b", "é,ü,,x", ",,a,,", "Credential=AK/20261203/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab",
                      "e\u{301},x", "🇫🇷,🇩🇪"])
    func splitsLikeCharacters(text: String) {
        #expect(text.splitASCII(UInt8(ascii: ",")) == text.split(separator: ","))
        #expect(text.splitASCII(UInt8(ascii: ","), omittingEmpty: false) == text.split(separator: ",", omittingEmptySubsequences: false))
    }

    @Test func trimsSpacesOnly() {
        #expect("  a b \t ".trimmingASCIISpaces() == "a b \t")
        #expect("   ".trimmingASCIISpaces() == "")
        #expect(" é ".trimmingASCIISpaces() == "é")
    }
}
