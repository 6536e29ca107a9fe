/// Where an index range scan starts, in UTF-8 byte order of keys (then upload id).
public enum IndexPosition: Hashable, Sendable {
    /// From the first entry.
    case start
    /// Entries whose key is at least these bytes (may be a prefix successor, not valid UTF-8).
    case keyAtLeast([UInt8])
    /// Entries whose key is strictly greater than these bytes.
    case keyAfter([UInt8])
    /// Entries after (key, id): a greater key, or the same key with a greater id.
    case after(key: [UInt8], id: String)

    /// Whether an entry with `key` and `id` lies at or past this position.
    public func admits(key: [UInt8], id: String?) -> Bool {
        switch self {
        case .start: return true
        case .keyAtLeast(let b): return !key.lexicographicallyPrecedes(b)
        case .keyAfter(let b): return b.lexicographicallyPrecedes(key)
        case .after(let k, let i):
            if k.lexicographicallyPrecedes(key) { return true }
            guard k == key, let id else { return false }
            return i.utf8.lexicographicallyPrecedes(id.utf8)
        }
    }
}

/// Byte-order helpers for prefixes.
public enum KeyBytes {
    /// The smallest byte string greater than every string that starts with `prefix`,
    /// or `nil` when no such string exists (empty prefix or all `0xFF`).
    public static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last == 0xFF { bytes.removeLast(); continue }
            bytes[bytes.count - 1] = last + 1
            return bytes
        }
        return nil
    }

    /// Whether `key` starts with `prefix`, bytewise.
    public static func hasPrefix(_ key: [UInt8], _ prefix: [UInt8]) -> Bool {
        key.count >= prefix.count && key[0..<prefix.count].elementsEqual(prefix)
    }
}
