import Testing
@testable import TesseraHTTP

/// The sink's own copy: every length from 0 to 40 (the inline sizes and their edges, and
/// `memcpy`'s), at every offset of a sink that already holds bytes, and the tags' names.
@Suite struct ByteSinkTests {
    @Test func everyLengthAtEveryOffsetIsCopiedExactly() {
        let source = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
        for length in 0...40 {
            for offset in 0..<9 {
                var sink = ByteSink(capacity: 16)
                var expected: [UInt8] = []
                for b in 0..<offset {
                    sink.append(UInt8(200 + b))
                    expected.append(UInt8(200 + b))
                }
                source.withUnsafeBufferPointer { sink.append(UnsafeBufferPointer(rebasing: $0[3..<(3 + length)])) }
                expected += source[3..<(3 + length)]
                sink.append(UInt8(ascii: "|"))
                expected.append(UInt8(ascii: "|"))
                #expect(sink.withBytes { Array($0) } == expected, "length \(length), offset \(offset)")
            }
        }
    }

    @Test func tagsOfEveryNameLength() {
        let names: [StaticString] = ["a", "ab", "abc", "abcd", "Upload", "UploadId", "ListMultipartUploadsResult", "NextUploadIdMarker"]
        for name in names {
            var sink = ByteSink(capacity: 16)
            sink.appendTag(name, closing: false)
            sink.appendTag(name, closing: true)
            let text = "\(name)"
            #expect(String(decoding: sink.withBytes { Array($0) }, as: UTF8.self) == "<\(text)></\(text)>")
        }
    }
}
