import Foundation

/// Human byte counts: `512 B`, `1.5 KiB`, `2.0 GiB`.
enum ByteCount {
    static func text(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// "1 upload", "2 uploads".
enum Counted {
    static func text(_ n: Int, _ noun: String, plural: String? = nil) -> String { n == 1 ? "1 \(noun)" : "\(n) \(plural ?? noun + "s")" }
}

/// Left-aligned columns, two spaces apart.
enum Table {
    static func print(header: [String], rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for row in [header] + rows {
            let line = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
            Swift.print(line)
        }
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line per tenth otherwise.
struct ProgressBar {
    let total: Int
    private let isTerminal = isatty(2) == 1
    private var lastTenth = -1

    init(total: Int) { self.total = total }

    mutating func update(done: Int, detail: String) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        if isTerminal {
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(Counted.text(total, "upload")), \(detail) ".utf8))
        } else if Int(fraction * 10) > lastTenth {
            lastTenth = Int(fraction * 10)
            FileHandle.standardError.write(Data("aborted \(done)/\(Counted.text(total, "upload")), \(detail)\n".utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
