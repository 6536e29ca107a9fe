/// The size rules the parts of an upload must meet at completion, set by the dialect that
/// initiated it (design §1: rules belong to the upload).
public struct PartRules: Sendable, Hashable {
    /// Every part but the last must be at least this big.
    public var minimumSize: Int64
    /// If set, every part but the last must be exactly this big (UFile's BlkSize), and the last at most.
    public var exactSize: Int64?

    /// The rules for `upload`.
    public static func rules(for upload: Upload) -> PartRules {
        switch upload.dialect {
        case .s3: return PartRules(minimumSize: 5 * 1024 * 1024, exactSize: nil)
        case .bos: return PartRules(minimumSize: 100 * 1024, exactSize: nil)
        case .ufile: return PartRules(minimumSize: 0, exactSize: upload.blockSize)
        }
    }
}
