import TesseraCore

/// What a signed-in visitor may see: their own buckets, or every bucket for an admin. The console
/// checks visibility here once; the engine's operations then run as the bucket's owner.
struct ConsoleVisitor: Sendable {
    let session: ConsoleSession
    let engine: Engine

    var isAdmin: Bool { session.credential.isAdmin }
    var owner: Owner { session.credential.owner }

    /// The buckets shown, by name.
    func buckets() async throws -> [Bucket] {
        let all = try await engine.metadata.buckets()
        return (isAdmin ? all : all.filter { $0.owner.id == owner.id }).sorted { $0.name < $1.name }
    }

    /// `name`, if the visitor may see it; otherwise NoSuchBucket (another user's bucket is not
    /// revealed to exist).
    func bucket(_ name: BucketName) async throws -> Bucket {
        guard let bucket = try await engine.metadata.bucket(name), isAdmin || bucket.owner.id == owner.id else {
            throw StorageError.noSuchBucket(name.value)
        }
        return bucket
    }

    /// The navigation bar of every page (`section` names the page, for readers of the call).
    func nav(_ section: String) -> Nav {
        Nav(name: owner.displayName, isAdmin: isAdmin, csrf: session.csrfToken)
    }
}

/// The page header: who is signed in, links, and the logout form with its CSRF token.
struct Nav: Sendable {
    let name: String
    let isAdmin: Bool
    let csrf: String
}
