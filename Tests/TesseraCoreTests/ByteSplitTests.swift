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

    @Test(arguments: ["", "abc", "a%b", "é中😀+", "x\u{0}y", "UPPER lower"])
    func bytePredicatesAnswerAsTheUTF8ViewDoes(text: String) {
        let predicates: [(UInt8) -> Bool] = [{ $0 == UInt8(ascii: "%") }, { $0 >= 0x80 }, { $0 &- 65 < 26 }, { _ in true }, { _ in false }]
        for predicate in predicates {
            #expect(text.containsByte(where: predicate) == text.utf8.contains(where: predicate))
            #expect(text.allBytes(satisfy: predicate) == text.utf8.allSatisfy(predicate))
            let tail = text.dropFirst()
            #expect(tail.containsByte(where: predicate) == tail.utf8.contains(where: predicate))
            #expect(tail.allBytes(satisfy: predicate) == tail.utf8.allSatisfy(predicate))
        }
    }

    @Test func trimsSpacesOnly() {
        #expect("  a b \t ".trimmingASCIISpaces() == "a b \t")
        #expect("   ".trimmingASCIISpaces() == "")
        #expect(" é ".trimmingASCIISpaces() == "é")
    }
}
