public import TesseraCore

/// Object tags sent as one header of URL-encoded query pairs (`k1=v1&k2=v2`): S3's
/// `x-amz-tagging`, BOS's `x-bce-tagging`.
public enum TagQuery {
    /// The tags in `raw`, checked (``ObjectTag/validated(_:)``). A repeated key or a bad escape is
    /// `invalidArgument` on `header`; a set no object may carry is `invalidTag`.
    public static func parse(_ raw: String, header: String) throws(StorageError) -> [ObjectTag] {
        let malformed = StorageError(.invalidArgument, "The header '\(header)' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
                                     context: ErrorContext(argument: .init(name: header, value: raw)))
        var tags: [ObjectTag] = []
        var keys = Set<String>()
        for item in raw.splitASCII(UInt8(ascii: "&")) {
            let (n, v) = item.utf8.firstIndex(of: UInt8(ascii: "=")).map { (item[..<$0], item[item.utf8.index(after: $0)...]) } ?? (item[...], "")
            guard let key = PercentEncoding.decode(String(n), plusAsSpace: true),
                  let value = PercentEncoding.decode(String(v), plusAsSpace: true) else { throw malformed }
            guard keys.insert(key).inserted else { throw malformed }
            tags.append(ObjectTag(key: key, value: value))
        }
        return try ObjectTag.validated(tags)
    }
}
