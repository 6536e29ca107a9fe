/// The wire protocol a request arrived in, recorded on every upload it initiates.
public enum Dialect: String, Sendable, CaseIterable, Codable {
    /// Amazon S3.
    case s3
    /// Baidu BOS.
    case bos
    /// UCloud UFile.
    case ufile
}
