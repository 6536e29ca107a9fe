import TesseraCore

/// S3's `continuation-token` as Tessera makes it (ListObjectsV2, ListBuckets): the base64 of the
/// UTF-8 name a page ended on, so the next page starts after it.
enum ContinuationToken {
    /// The token that resumes after `name`.
    static func make(after name: String) -> String { Base64.encode(Array(name.utf8)) }

    /// The name `token` resumes after; a token this server could not have made is refused.
    static func name(in token: String) throws(StorageError) -> String {
        guard let bytes = Base64.decode(token), let name = String(validating: bytes, as: UTF8.self) else { throw incorrect(token) }
        return name
    }

    /// S3's answer to a token it did not make.
    static func incorrect(_ token: String) -> StorageError {
        StorageError.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
    }
}
