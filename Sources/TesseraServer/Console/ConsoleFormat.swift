import TesseraCore

/// How the console spells numbers, sizes, ages and instants.
enum ConsoleFormat {
    /// `1 upload`, `2 uploads`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// Bytes in binary units: `0 B`, `512 B`, `1.5 KiB`, `20.0 MiB`.
    static func bytes(_ n: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        guard n >= 1024 else { return "\(n) B" }
        var value = Double(n) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return (value >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)) + " " + units[unit]
    }

    /// An age: `42 s`, `5 min`, `3 h`, `2 d`.
    static func age(seconds: Int64) -> String {
        switch seconds {
        case ..<60: "\(max(0, seconds)) s"
        case ..<3600: "\(seconds / 60) min"
        case ..<172_800: "\(seconds / 3600) h"
        default: "\(seconds / 86_400) d"
        }
    }

    /// Seconds from `t` to `now`.
    static func seconds(from t: Timestamp, to now: Timestamp) -> Int64 { (now.microseconds - t.microseconds) / 1_000_000 }

    /// An instant to the second, UTC: `2026-12-03 01:02:03`.
    static func instant(_ t: Timestamp) -> String {
        let s = t.iso8601Seconds
        return String(s.dropLast()).replacingOccurrences(of: "T", with: " ")
    }
}
