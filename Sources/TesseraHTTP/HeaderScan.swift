/// Headers looked up together in one pass over a request's fields, for checks that run on every
/// request of a kind and almost never find anything: each field's name length is tested against
/// the names' lengths before any comparison (`headers(named:)` over six names cost a write 3,800
/// instructions, this 1,100; callgrind, docs/benchmarks.md).
public struct HeaderScan: Sendable {
    /// The canonical (lower-case) names looked for, each under 64 bytes.
    public let names: [String]
    /// Bit `n` set when some name is `n` bytes long.
    private let lengths: UInt64

    /// A scan for `names` (canonical, each under 64 bytes).
    public init(_ names: [String]) {
        precondition(names.allSatisfy { $0.utf8.count < 64 }, "HeaderScan names must be under 64 bytes")
        self.names = names
        lengths = names.reduce(0) { $0 | (1 << UInt64($1.utf8.count)) }
    }

    /// The value of each name in `request` (the last field of a name repeated), in `names`'
    /// order; nil when none is present.
    public func values(in request: WireRequest) -> [String?]? {
        var found: [String?]?
        for index in request.headers.indices {
            let name = request.headers[index].name.canonicalName
            let length = name.utf8.count
            guard length < 64, lengths & (1 << UInt64(length)) != 0, let i = names.firstIndex(of: name) else { continue }
            if found == nil { found = [String?](repeating: nil, count: names.count) }
            found?[i] = request.headers[index].value
        }
        return found
    }
}
