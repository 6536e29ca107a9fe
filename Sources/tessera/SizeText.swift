import ArgumentParser

/// `64M`, `1G`, `512K`, `2T` (binary units) or plain bytes.
enum SizeText {
    static func bytes(_ text: String) throws -> Int64 {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.uppercased().last, let u = units[last] {
            unit = u
            digits = digits.dropLast()
        }
        guard let n = Int64(digits), n >= 0, n <= Int64.max / unit else { throw ValidationError("'\(text)' is not a size like 64M, 1G or 0.") }
        return n * unit
    }
}
