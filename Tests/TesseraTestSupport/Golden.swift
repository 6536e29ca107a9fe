public import Foundation
public import Testing

/// Golden files for wire documents: `<directory>/<name>` holds the expected text.
///
/// A difference fails the test with the first differing line and its neighbours. Setting
/// `TESSERA_UPDATE_GOLDEN=1` rewrites the files instead, except when `CI` is set: CI never
/// rewrites a golden file, so a stale one always fails there.
public struct Golden: Sendable {
    /// The folder the files live in.
    public let directory: URL

    /// Golden files in the `Golden` folder beside `filePath` (pass `#filePath`).
    public init(besides filePath: String) {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// Compares `actual` with the golden file `name`.
    public func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        let env = ProcessInfo.processInfo.environment
        if env["TESSERA_UPDATE_GOLDEN"] == "1", env["CI"] == nil {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard actual != expected else { return }
        Issue.record(Comment(rawValue: "golden \(name) differs:\n" + Golden.diff(expected: expected, actual: actual)), sourceLocation: sourceLocation)
    }

    /// The first differing line of two texts, with two lines of context on each side.
    public static func diff(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        var out: [String] = []
        for i in max(0, first - 2)..<min(max(e.count, a.count), first + 3) {
            let el = i < e.count ? String(e[i]) : "<end>"
            let al = i < a.count ? String(a[i]) : "<end>"
            if el == al { out.append("  \(i + 1)  \(el)") } else {
                out.append("- \(i + 1)  \(el)")
                out.append("+ \(i + 1)  \(al)")
            }
        }
        return out.joined(separator: "\n")
    }
}
