/// A bucket's versioning state, as S3 names it.
///
/// Tessera keeps one version of each object, the one S3 calls `null`: what a bucket whose
/// versioning is suspended keeps for its new writes (an overwrite replaces it, a delete removes
/// it). So `suspended` is the one state a bucket can be put in; `nil` is never set. Enabling
/// versioning, which keeps every version, is refused (`notImplemented`).
public enum VersioningStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Versioning suspended: writes keep the `null` version alone.
    case suspended = "Suspended"
}
