import Testing
import TesseraCore
import TesseraTestSupport

/// S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or
/// digit at each end, no `..`, `.-` or `-.`, and not an IP address.
@Suite struct BucketNameTests {
    /// The rules as written before the IP check split on bytes: the reference.
    static func reference(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        for (i, b) in bytes.enumerated() {
            if alnum(b) || b == UInt8(ascii: "-") { continue }
            if b == UInt8(ascii: ".") {
                if i > 0 && (bytes[i - 1] == UInt8(ascii: ".") || bytes[i - 1] == UInt8(ascii: "-")) { return false }
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") { return false }
                continue
            }
            return false
        }
        let parts = s.split(separator: ".")
        return !(parts.count == 4 && parts.allSatisfy({ UInt8($0) != nil }))
    }

    static func valid(_ s: String) -> Bool { (try? BucketName(s)) != nil }

    @Test(arguments: ["abc", "my-bucket.logs", "1.2.3", "1.2.3.4.5", "192.168.5.x", "a" + String(repeating: "b", count: 62), "256.1.1.1"])
    func validNames(name: String) {
        #expect(Self.valid(name))
    }

    @Test(arguments: ["ab", "192.168.5.4", "0.0.0.0", "Abc", "a..b", "a.-b", "a-.b", "-ab", "ab-", ".ab", "a_b", "é-bucket",
                      "a" + String(repeating: "b", count: 63)])
    func invalidNames(name: String) {
        #expect(!Self.valid(name))
    }

    @Test func randomNamesAreJudgedAsTheReferenceJudgesThem() {
        var rng = SeededRandom(seed: 0x4255_434B_4554)
        let pool = Array("a0912.-.-z5Aé_")
        for _ in 0..<5_000 {
            let name = String((0..<Int.random(in: 0...16, using: &rng)).map { _ in pool.randomElement(using: &rng)! })
            #expect(Self.valid(name) == Self.reference(name), "\(name)")
        }
    }
}
