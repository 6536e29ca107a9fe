public import TesseraCore

/// The query parameters every dialect reads the same way, parsed once into typed values.
/// A dialect supplies its own parameter names and its own wording of a refusal.
public enum QueryParsing {
    /// A page-size parameter (`max-uploads`, `maxKeys`, `limit`): absent or empty means
    /// `default`; a non-negative integer is clamped to 1...`max`; anything else is
    /// `invalidArgument` with `message`.
    public static func count(_ q: QueryParameters, _ name: String, default value: Int, max: Int, message: String) throws(StorageError) -> Int {
        guard let raw = q[name], !raw.isEmpty else { return value }
        guard let n = Int(raw), n >= 0 else { throw StorageError.invalidArgument(message, name: name, value: raw) }
        return Swift.min(Swift.max(n, 1), max)
    }

    /// A non-negative integer marker (`part-number-marker`): absent or empty means 0.
    public static func marker(_ q: QueryParameters, _ name: String, message: String) throws(StorageError) -> Int {
        guard let raw = q[name], !raw.isEmpty else { return 0 }
        guard let n = Int(raw), n >= 0 else { throw StorageError.invalidArgument(message, name: name, value: raw) }
        return n
    }

    /// A delimiter: the parameter's value, or `nil` when absent or empty.
    public static func delimiter(_ q: QueryParameters, _ name: String = "delimiter") -> String? {
        q[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Tessera's exact resume token for dialects whose listings take a single marker (UFile's
/// `marker`, BOS's `keyMarker`): `key` + NUL + `uploadId`. Object keys never contain NUL, so a
/// plain key (resume after that key) and a token (resume after that upload) never collide.
public enum ResumeMarker {
    /// The key and, for a token, the upload id.
    public static func split(_ marker: String) -> (key: String, uploadID: String?) {
        guard let nul = marker.firstIndex(of: "\u{0}") else { return (marker, nil) }
        return (String(marker[..<nul]), String(marker[marker.index(after: nul)...]))
    }

    /// The token that resumes after `uploadID` of `key`.
    public static func join(key: String, uploadID: String) -> String { key + "\u{0}" + uploadID }
}

/// A ListParts page request: parts numbered above `marker` (engine numbering), at most `limit`.
public struct PartListing: Sendable, Hashable {
    /// Parts with a number greater than this are listed.
    public var marker: Int
    /// Page size.
    public var limit: Int

    /// Creates a part listing request.
    public init(marker: Int, limit: Int) {
        self.marker = marker
        self.limit = limit
    }
}
