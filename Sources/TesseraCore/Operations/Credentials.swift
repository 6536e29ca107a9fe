extension Engine {
    /// The credential for an access key, for a dialect's signature check (`nil` if none).
    public func credential(accessKey: String) async throws -> Credential? {
        try await metadata.credential(accessKey: accessKey)
    }
}
