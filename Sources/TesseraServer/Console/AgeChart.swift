/// The dashboard's chart of in-progress bytes by upload age: a server-rendered SVG bar chart (no
/// script), one bar per age band.
struct AgeChart: Sendable {
    /// The age bands, upper bounds in seconds (the last is open); labels already escaped for SVG.
    static let bands: [(label: String, below: Int64)] = [
        ("&lt; 1 h", 3600), ("1 h – 1 d", 86_400), ("1 – 7 d", 7 * 86_400), ("7 – 30 d", 30 * 86_400), ("&gt; 30 d", .max),
    ]

    private(set) var bytes = [Int64](repeating: 0, count: AgeChart.bands.count)
    private(set) var uploads = [Int](repeating: 0, count: AgeChart.bands.count)

    /// Counts an upload of `age` seconds holding `size` bytes.
    mutating func add(age: Int64, size: Int64) {
        let band = Self.bands.firstIndex { age < $0.below } ?? Self.bands.count - 1
        bytes[band] += size
        uploads[band] += 1
    }

    /// The chart as an inline SVG element (text escaped: labels are ours, numbers formatted).
    var svg: String {
        let width = 640, height = 220, left = 70, bottom = 40, top = 20
        let barSpace = (width - left - 10) / bytes.count
        let peak = max(bytes.max() ?? 0, 1)
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="In-progress bytes by upload age" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" class="chart">"#
        out += #"<line x1="\#(left)" y1="\#(height - bottom)" x2="\#(width - 10)" y2="\#(height - bottom)" stroke="gray"/>"#
        if bytes.contains(where: { $0 > 0 }) {
            out += #"<text x="\#(left - 6)" y="\#(top + 4)" text-anchor="end" font-size="11">\#(ConsoleFormat.bytes(peak))</text>"#
        }
        out += #"<text x="\#(left - 6)" y="\#(height - bottom)" text-anchor="end" font-size="11">0</text>"#
        for (i, value) in bytes.enumerated() {
            let h = Int(Double(height - bottom - top) * Double(value) / Double(peak))
            let x = left + i * barSpace + 8
            let y = height - bottom - h
            out += #"<rect x="\#(x)" y="\#(y)" width="\#(barSpace - 16)" height="\#(h)" fill="steelblue"><title>\#(Self.bands[i].label): \#(ConsoleFormat.bytes(value)) in \#(ConsoleFormat.count(uploads[i], "upload"))</title></rect>"#
            out += #"<text x="\#(x + (barSpace - 16) / 2)" y="\#(height - bottom + 16)" text-anchor="middle" font-size="12">\#(Self.bands[i].label)</text>"#
            out += #"<text x="\#(x + (barSpace - 16) / 2)" y="\#(height - bottom + 32)" text-anchor="middle" font-size="11" fill="dimgray">\#(ConsoleFormat.bytes(value))</text>"#
        }
        return out + "</svg>"
    }
}
