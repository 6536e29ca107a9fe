import ArgumentParser

/// `7d`, `12h`, `30m`, `45s`, `2w` or plain seconds.
enum DurationText {
    static func seconds(_ text: String) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let u = units[last] {
            unit = u
            digits = digits.dropLast()
        }
        guard let n = Int64(digits), n >= 0 else { throw ValidationError("'\(text)' is not a duration like 7d, 12h, 30m or 45s.") }
        return n * unit
    }
}
