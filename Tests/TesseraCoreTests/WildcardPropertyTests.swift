import Testing
import TesseraTestSupport
@testable import TesseraCore

/// IAM's wildcard matching (`*`, `?`, and the literal bytes policy variables give) against a
/// plain recursive matcher, on random patterns and texts over a small alphabet (so that stars,
/// question marks and their literal twins meet often).
@Suite struct WildcardPropertyTests {
    static let alphabet: [Character] = ["a", "b", "/", "*", "?"]

    /// A pattern of up to 8 pieces, each wild or literal, and its bytes with a literal mask.
    static func pattern(_ rng: inout SeededRandom) -> (WildcardPattern, [UInt8], [Bool]) {
        var pattern = WildcardPattern()
        var bytes: [UInt8] = [], literal: [Bool] = []
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let piece = String((0..<Int.random(in: 1...2, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let isLiteral = Bool.random(using: &rng)
            if isLiteral { pattern.append(literal: Substring(piece)) } else { pattern.append(wild: Substring(piece)) }
            bytes += piece.utf8
            literal += Array(repeating: isLiteral, count: piece.utf8.count)
        }
        return (pattern, bytes, literal)
    }

    /// Whether `t` matches `p` (`literal` marking the bytes that match only themselves), by
    /// trying every way a star can stretch.
    static func reference(_ p: [UInt8], _ literal: [Bool], _ t: [UInt8]) -> Bool {
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * 1_000 + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if !literal[i], p[i] == UInt8(ascii: "*") {
                result = go(i + 1, j) || (j < t.count && go(i, j + 1))
            } else if !literal[i], p[i] == UInt8(ascii: "?") {
                result = j < t.count && go(i + 1, j + 1)
            } else {
                result = j < t.count && p[i] == t[j] && go(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }

    @Test(arguments: TestSeeds.seeds([1, 2, 3]))
    func matchesAsTheReferenceDoes(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        for _ in 0..<3_000 {
            let (pattern, bytes, literal) = Self.pattern(&rng)
            let text = String((0..<Int.random(in: 0...10, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! })
            let expected = Self.reference(bytes, literal, Array(text.utf8))
            #expect(pattern.matches(text) == expected, "\(String(decoding: bytes, as: UTF8.self)) \(literal) ~ \(text): \(TestSeeds.replay(seed))")
            if !literal.contains(true) {
                #expect(Wildcard.matches(pattern.text, text) == expected)
            }
        }
    }
}
