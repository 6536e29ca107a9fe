/// The text of the hot statements built from ``Codecs``' column lists, built once.
///
/// Interpolated at the call, each read built a new 200-byte string before GRDB's statement cache
/// hashed it: 2,200 instructions of a HeadObject's 311,000 (callgrind, docs/benchmarks.md).
enum Queries {
    /// One object with its inline content (a row of `object_contents`), by bucket and key.
    static let object = """
        SELECT \(Codecs.objectColumns), object_contents.content FROM objects
        LEFT JOIN object_contents ON object_contents.id = objects.content_id WHERE bucket = ? AND key = ?
        """
    /// One object's manifest, by bucket and key.
    static let manifest = "SELECT \(Codecs.objectManifest) FROM objects WHERE bucket = ? AND key = ?"
    /// One upload, by bucket and id.
    static let upload = "SELECT \(Codecs.uploadColumns) FROM uploads WHERE bucket = ? AND upload_id = ?"
    /// A page of an upload's parts after a part number.
    static let partsAfter = "SELECT \(Codecs.partColumns) FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?"
    /// All of an upload's parts.
    static let parts = "SELECT \(Codecs.partColumns) FROM parts WHERE upload_id = ? ORDER BY part_number"
}
