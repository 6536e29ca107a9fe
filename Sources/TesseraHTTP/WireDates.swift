public import TesseraCore

/// The wire's date formats (S3's ISO-8601 with milliseconds, BOS's to the second, HTTP dates,
/// SigV4's compact form). The engine keeps instants as ``Timestamp``; only dialects spell them.
extension Timestamp {
    /// ISO-8601 with milliseconds, e.g. `2026-11-22T05:12:00.000Z` (S3's format).
    public var iso8601: String { withISO8601Bytes { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the bytes of ``iso8601``, made on the stack for a year of four digits:
    /// listing pages write one an entry straight into their documents, without a `String`.
    public func withISO8601Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withISO8601Bytes(milliseconds: true, body)
    }

    /// ISO-8601 to the second, e.g. `2026-11-22T05:12:00Z` (BOS's format).
    public var iso8601Seconds: String { withISO8601SecondsBytes { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the bytes of ``iso8601Seconds``, made on the stack for a year of four
    /// digits: BOS's listing pages write one an entry straight into their documents (interpolated,
    /// 7,385 instructions each before the twentieth pass; callgrind, docs/benchmarks.md).
    public func withISO8601SecondsBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withISO8601Bytes(milliseconds: false, body)
    }

    /// Both ISO-8601 forms: `…T05:12:00.000Z` with milliseconds, `…T05:12:00Z` without. A year
    /// beyond four digits (never a real object's) goes through an interpolated `String`.
    private func withISO8601Bytes<R>(milliseconds: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let c = utcComponents
        guard (0...9999).contains(c.year) else {
            let fraction = milliseconds ? ".\(pad(c.millisecond, 3))" : ""
            var text = "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))\(fraction)Z"
            return try text.withUTF8(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
            putDateTime(b, c)
            guard milliseconds else {
                b[19] = 90
                return try body(UnsafeBufferPointer(rebasing: b[..<20]))
            }
            b[19] = 46; putDigits(b, c.millisecond, 20, 3); b[23] = 90
            return try body(UnsafeBufferPointer(b))
        }
    }

    /// RFC 7231 HTTP date, e.g. `Sun, 22 Nov 2026 05:12:00 GMT`.
    ///
    /// Every response carries one (`Date`) and most object responses a second (`Last-Modified`):
    /// written as bytes, not interpolated (15,000 instructions each before; callgrind, docs/benchmarks.md).
    public var httpDate: String {
        let c = utcComponents
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let weekday = ((days % 7) + 7) % 7
        guard (0...9999).contains(c.year) else {
            let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(weekdays[weekday]), \(pad(c.day)) \(months[c.month - 1]) \(pad(c.year, 4)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) GMT"
        }
        return String(unsafeUninitializedCapacity: 29) { b in
            func put(_ v: Int, _ at: Int, _ width: Int) { putDigits(b, v, at, width) }
            func name(_ table: StaticString, _ index: Int, _ at: Int) {
                for i in 0..<3 { b[at + i] = table.utf8Start[index * 3 + i] }
            }
            name("ThuFriSatSunMonTueWed", weekday, 0)
            b[3] = 44; b[4] = 32; put(c.day, 5, 2); b[7] = 32
            name("JanFebMarAprMayJunJulAugSepOctNovDec", c.month - 1, 8)
            b[11] = 32; put(c.year, 12, 4); b[16] = 32; put(c.hour, 17, 2); b[19] = 58; put(c.minute, 20, 2); b[22] = 58
            put(c.second, 23, 2); b[25] = 32; b[26] = 71; b[27] = 77; b[28] = 84
            return 29
        }
    }

    /// Parses an HTTP date (RFC 7231 IMF-fixdate).
    public init?(httpDate s: String) {
        let parts = s.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        // Bounded fields: a fuzzed `2026026` year must be refused, not overflow the microseconds.
        guard parts[1].count <= 2, parts[3].count == 4, let day = Int(parts[1]), (1...31).contains(day),
              let mi = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]), year >= 0 else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { $0.count == 2 ? Int($0) : nil }
        guard hms.count == 3, (0..<24).contains(hms[0]), (0..<60).contains(hms[1]), (0...60).contains(hms[2]) else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: mi + 1, day: day)
        self.init(microseconds: (Int64(days) * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2])) * 1_000_000)
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, e.g. `20261122T051200Z` (SigV4's `X-Amz-Date`; its first eight
    /// characters are the credential scope's date).
    public var compactISO8601: String {
        let c = utcComponents
        guard (0...9999).contains(c.year) else {
            return "\(pad(c.year, 4))\(pad(c.month))\(pad(c.day))T\(pad(c.hour))\(pad(c.minute))\(pad(c.second))Z"
        }
        // The bench client signs every request with one: interpolated, 8,000 instructions more a request (callgrind).
        return String(unsafeUninitializedCapacity: 16) { b in
            putDigits(b, c.year, 0, 4); putDigits(b, c.month, 4, 2); putDigits(b, c.day, 6, 2); b[8] = 84
            putDigits(b, c.hour, 9, 2); putDigits(b, c.minute, 11, 2); putDigits(b, c.second, 13, 2); b[15] = 90
            return 16
        }
    }

    /// Parses `yyyyMMdd'T'HHmmss'Z'` (SigV4's `X-Amz-Date`).
    public init?(compactISO8601 s: String) {
        let b = Array(s.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11), let mi = num(11..<13),
              let se = num(13..<15), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        let days = Timestamp.daysFromCivil(year: y, month: mo, day: d)
        self.init(microseconds: (Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + se)) * 1_000_000)
    }

    /// Parses ISO-8601 `yyyy-MM-ddTHH:mm:ss[.fff]Z`.
    public init?(iso8601 s: String) {
        let b = Array(s.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b.last == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let se = num(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        var micros: Int64 = 0
        if b.count > 20 {
            // At most nanoseconds: more fraction digits would overflow the accumulator.
            guard b[19] == UInt8(ascii: "."), b.count - 21 <= 9, let frac = num(20..<(b.count - 1)) else { return nil }
            let digits = b.count - 21
            var scaled = Int64(frac)
            if digits < 6 { for _ in digits..<6 { scaled *= 10 } } else { for _ in 6..<digits { scaled /= 10 } }
            micros = scaled
        }
        let days = Timestamp.daysFromCivil(year: y, month: mo, day: d)
        self.init(microseconds: (Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + se)) * 1_000_000 + micros)
    }
}

private func pad(_ v: Int, _ width: Int = 2) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Writes `yyyy-MM-ddTHH:mm:ss` (19 bytes, a year of four digits) into `b`.
private func putDateTime(_ b: UnsafeMutableBufferPointer<UInt8>,
                         _ c: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int)) {
    putDigits(b, c.year, 0, 4); b[4] = 45; putDigits(b, c.month, 5, 2); b[7] = 45; putDigits(b, c.day, 8, 2); b[10] = 84
    putDigits(b, c.hour, 11, 2); b[13] = 58; putDigits(b, c.minute, 14, 2); b[16] = 58; putDigits(b, c.second, 17, 2)
}

/// Writes `value` as `width` decimal digits into `b` from `at` (values known to fit).
///
/// Inlined where the width is a constant, so the loop unrolls, and unsigned, so a division by ten
/// is a multiplication without a sign's correction: the `stride` loop took 26 instructions a
/// digit, 447 a listed entry's date (3 % of a 1,000-entry listing page; callgrind,
/// docs/benchmarks.md, "The thirty-third pass").
@inline(__always)
private func putDigits(_ b: UnsafeMutableBufferPointer<UInt8>, _ value: Int, _ at: Int, _ width: Int) {
    var v = UInt(bitPattern: value)
    var i = at + width
    while i > at {
        i -= 1
        let (q, r) = v.quotientAndRemainder(dividingBy: 10)
        b[i] = 48 &+ UInt8(truncatingIfNeeded: r)
        v = q
    }
}
