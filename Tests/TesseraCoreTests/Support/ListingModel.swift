import TesseraCore

/// The reference model of S3's listing rules, written as plainly as possible: filter, sort,
/// apply markers, roll up. Paged results must concatenate to exactly this.
enum ListingModel {
    enum Entry: Equatable, CustomStringConvertible {
        case item(key: String, id: String?)
        case prefix(String)
        var description: String {
            switch self {
            case .item(let k, let i): "\(k)#\(i ?? "")"
            case .prefix(let p): "[\(p)]"
            }
        }
    }

    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    static func list(_ items: [(key: String, id: String?)], prefix: String, delimiter: String?, keyMarker: String?, idMarker: String?) -> [Entry] {
        let p = Array(prefix.utf8)
        let km = keyMarker.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        var rows = items.filter { Array($0.key.utf8).starts(with: p) }
        rows.sort { a, b in
            let ka = Array(a.key.utf8), kb = Array(b.key.utf8)
            return ka == kb ? (a.id ?? "").utf8.lexicographicallyPrecedes((b.id ?? "").utf8) : less(ka, kb)
        }
        if let km {
            rows = rows.filter { r in
                let k = Array(r.key.utf8)
                if let idm = idMarker, !idm.isEmpty, k == km, let id = r.id { return idm.utf8.lexicographicallyPrecedes(id.utf8) }
                return less(km, k)
            }
        }
        var out: [Entry] = []
        var seen = Set<String>()
        for r in rows {
            if let d = delimiter, !d.isEmpty {
                let rest = Array(Array(r.key.utf8).dropFirst(p.count))
                let dl = Array(d.utf8)
                if let at = (0..<max(0, rest.count - dl.count + 1)).first(where: { Array(rest[$0..<($0 + dl.count)]) == dl }) {
                    let cp = prefix + String(decoding: rest[..<(at + dl.count)], as: UTF8.self)
                    if let km, !less(km, Array(cp.utf8)) { continue }
                    if seen.insert(cp).inserted { out.append(.prefix(cp)) }
                    continue
                }
            }
            out.append(.item(key: r.key, id: r.id))
        }
        return out
    }

    static func entries<I>(_ page: ListingPage<I>) -> [Entry] {
        page.entries.map {
            switch $0 {
            case .item(let i): .item(key: String(decoding: i.listingKey, as: UTF8.self), id: i.listingID)
            case .commonPrefix(let p): .prefix(p)
            }
        }
    }
}
