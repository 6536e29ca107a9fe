/// How much room a document writer (``XMLWriter``, ``JSONWriter``) makes before it writes.
public enum DocumentCapacity {
    /// What a listed entry is made room for: more than most take (an S3 object with its owner
    /// and checksum is ~400 bytes with a short key), so a page seldom grows.
    public static let bytesPerListedEntry = 512

    /// Room for a listing page of `entries` entries (objects, uploads, parts, common prefixes):
    /// ``bytesPerListedEntry`` each and 4 KiB for the rest (``XMLWriter``'s room for a small
    /// document).
    public static func listing(entries: Int) -> Int { 4096 + entries * bytesPerListedEntry }
}
