/// Joins the CRCs of two adjacent byte strings into the CRC of their concatenation without
/// reading the bytes: `crc(A‖B) = crc(A)·x^(8·|B|) ⊕ crc(B)` in GF(2)[x] modulo the CRC's
/// polynomial (the method of zlib's `crc32_combine`). Holds for the reflected CRCs with all-ones
/// initial value and final XOR that S3 uses: CRC-32, CRC-32C and CRC-64/NVME. Complete uses it
/// to build a FULL_OBJECT checksum from the parts' CRCs and lengths in O(parts · log size).
struct CRCCombine<Word: FixedWidthInteger & UnsignedInteger> {
    /// The reflected polynomial.
    let polynomial: Word
    /// `x^(2^k)` modulo the polynomial, k = 0…63.
    private let powers: [Word]

    init(polynomial: Word) {
        self.polynomial = polynomial
        var table: [Word] = []
        var p: Word = 1 << (Word.bitWidth - 2)  // x^1 in the reflected representation
        for _ in 0..<64 {
            table.append(p)
            p = CRCCombine.multiply(p, p, polynomial)
        }
        self.powers = table
    }

    /// `a·b` modulo the polynomial (reflected: the top bit is x^0).
    private static func multiply(_ a: Word, _ b: Word, _ polynomial: Word) -> Word {
        var m: Word = 1 << (Word.bitWidth - 1)
        var product: Word = 0
        var b = b
        while m != 0 {
            if a & m != 0 { product ^= b }
            m >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ polynomial : b >> 1
        }
        return product
    }

    /// `x^(8·bytes)` modulo the polynomial.
    private func shift(bytes: Int64) -> Word {
        var p: Word = 1 << (Word.bitWidth - 1)  // x^0
        var n = UInt64(bytes)
        var k = 3  // one byte is x^(2^3)
        while n != 0 {
            if n & 1 != 0 { p = CRCCombine.multiply(powers[k], p, polynomial) }
            n >>= 1
            k += 1
        }
        return p
    }

    /// The CRC of `A‖B` from `crc(A)`, `crc(B)` and `|B|`.
    func combine(_ first: Word, _ second: Word, secondLength: Int64) -> Word {
        CRCCombine.multiply(shift(bytes: secondLength), first, polynomial) ^ second
    }
}

extension ChecksumAlgorithm {
    /// The CRC of a concatenation from the big-endian digests of its pieces and their lengths;
    /// `nil` for the algorithms that cannot be combined (SHA-1, SHA-256) or a malformed digest.
    public func combined(_ pieces: [(digest: [UInt8], length: Int64)]) -> [UInt8]? {
        switch self {
        case .crc32: return CRCCombine<UInt32>(polynomial: 0xEDB8_8320).fold(pieces)
        case .crc32c: return CRCCombine<UInt32>(polynomial: 0x82F6_3B78).fold(pieces)
        case .crc64nvme: return CRCCombine<UInt64>(polynomial: 0x9A6C_9329_AC4B_C9B5).fold(pieces)
        case .sha1, .sha256: return nil
        }
    }
}

extension CRCCombine {
    /// Folds the pieces left to right; the CRC of nothing is 0.
    func fold(_ pieces: [(digest: [UInt8], length: Int64)]) -> [UInt8]? {
        let width = Word.bitWidth / 8
        var crc: Word = 0
        for piece in pieces {
            guard piece.digest.count == width else { return nil }
            let value = piece.digest.reduce(Word(0)) { ($0 << 8) | Word($1) }
            crc = combine(crc, value, secondLength: piece.length)
        }
        return (0..<width).map { UInt8(truncatingIfNeeded: crc >> (8 * (width - 1 - $0))) }
    }
}
