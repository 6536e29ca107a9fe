import Testing
import TesseraCore
import TesseraHTTP

/// `Range` headers as S3 reads them: one well-formed byte range is honoured, anything else
/// (several ranges, another unit, a malformed bound) is ignored and the whole object is sent.
@Suite struct ByteRangeTests {
    /// Each header and what it parses to (`nil`: ignored).
    static let headers: [(String, ByteRange?)] = [
        ("bytes=0-99", .from(first: 0, last: 99)),
        ("bytes=5-", .from(first: 5, last: nil)),
        ("bytes=-10", .suffix(count: 10)),
        ("bytes=-0", .suffix(count: 0)),
        ("bytes=1-0", nil),
        ("bytes=7-7", .from(first: 7, last: 7)),
        ("  bytes=1-2  ", .from(first: 1, last: 2)),
        ("bytes=0-1,3-4", nil),
        ("bytes=0-1,", nil),
        ("bytes=0-1, 5-6", nil),
        ("bytes=-5,6", nil),
        ("bytes=,0-1", nil),
        ("bytes=5-4", nil),
        ("bytes=-", nil),
        ("bytes=a-b", nil),
        ("bytes=1-x", nil),
        ("bytes=--1", nil),
        ("bytes=+1-2", nil),
        ("bytes=1-+2", nil),
        ("bytes=-+5", nil),
        ("bytes=1 -2", nil),
        // Bounds past Int64.max are held at it (RFC 9110 sets no limit on the digits).
        ("bytes=99999999999999999999-", .from(first: .max, last: nil)),
        ("bytes=9223372036854775807-", .from(first: .max, last: nil)),
        ("bytes=0-99999999999999999999", .from(first: 0, last: .max)),
        ("bytes=-99999999999999999999", .suffix(count: .max)),
        ("bytes=99999999999999999999-99999999999999999999", .from(first: .max, last: .max)),
        ("bytes=99999999999999999999-100000000000000000000", .from(first: .max, last: .max)),
        ("bytes=0099999999999999999999-99999999999999999999", .from(first: .max, last: .max)),
        ("bytes=99999999999999999999-99999999999999999998", nil),
        ("bytes=100000000000000000000-99999999999999999999", nil),
        ("bytes=9223372036854775808-9223372036854775807", nil),
        ("bytes=0", nil),
        ("items=0-1", nil),
        ("bytes 0-1", nil),
        ("", nil),
    ]

    @Test(arguments: headers)
    func parses(header: String, expected: ByteRange?) {
        #expect(ByteRange(header: header) == expected)
    }

    @Test func resolvesAgainstTheObjectsSize() throws {
        #expect(try ByteRange.from(first: 0, last: 99).resolve(size: 1_000) == (0, 100))
        #expect(try ByteRange.from(first: 990, last: 2_000).resolve(size: 1_000) == (990, 10))
        #expect(try ByteRange.from(first: 10, last: nil).resolve(size: 1_000) == (10, 990))
        #expect(try ByteRange.suffix(count: 10).resolve(size: 1_000) == (990, 10))
        #expect(try ByteRange.suffix(count: 5_000).resolve(size: 1_000) == (0, 1_000))
    }

    @Test func boundsPastInt64MaxResolveWithoutOverflow() throws {
        let object: Int64 = 1_000
        #expect(throws: StorageError.self) { try ByteRange(header: "bytes=99999999999999999999-")!.resolve(size: object) }
        #expect(try ByteRange(header: "bytes=10-99999999999999999999")!.resolve(size: object) == (10, 990))
        #expect(try ByteRange(header: "bytes=-99999999999999999999")!.resolve(size: object) == (0, 1_000))
        #expect(try ByteRange(header: "bytes=0-9223372036854775807")!.resolve(size: object) == (0, 1_000))
    }

    /// `x-amz-copy-source-range`'s bytes: both bounds, spelt as received; within an object of
    /// `size` bytes, an offset and a length without overflow, or nothing past its end.
    @Test func copyRangeOfAClosedRange() {
        func span(_ header: String, size: Int64) -> (Int64, Int64)? {
            ByteRange(header: header)?.copyRange(spelt: header)?.offsetAndLength(size: size)
        }
        #expect(span("bytes=5-10", size: 11) ?? (-1, -1) == (5, 6))
        #expect(span("bytes=5-10", size: 10) == nil)
        #expect(span("bytes=0-9223372036854775806", size: .max) ?? (-1, -1) == (0, .max))
        #expect(span("bytes=0-9223372036854775807", size: .max) == nil)
        #expect(span("bytes=1-9223372036854775807", size: 1_000) == nil)
        #expect(span("bytes=0-99999999999999999999", size: 1_000) == nil)
        #expect(ByteRange(header: "bytes=0-9223372036854775807")?.copyRange(spelt: "bytes=0-9223372036854775807")?.spelling
                == "bytes=0-9223372036854775807")
        #expect(ByteRange(header: "bytes=5-")?.copyRange(spelt: "bytes=5-") == nil)
        #expect(ByteRange(header: "bytes=-5")?.copyRange(spelt: "bytes=-5") == nil)
        #expect(CopyRange(first: 5, last: 4, spelling: "") == nil)
        #expect(CopyRange(first: -1, last: 4, spelling: "") == nil)
    }

    @Test func refusesWhatCannotBeSatisfied() {
        for (range, size) in [(ByteRange.from(first: 1_000, last: nil), Int64(1_000)), (.from(first: 0, last: 0), 0),
                              (.suffix(count: 0), 1_000), (.suffix(count: 3), 0)] {
            #expect(throws: StorageError.self) { try range.resolve(size: size) }
        }
    }
}
