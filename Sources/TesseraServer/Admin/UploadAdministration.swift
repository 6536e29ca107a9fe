public import TesseraCore

/// One in-progress upload as the admin commands show it.
public struct AdminUpload: Codable, Hashable, Sendable {
    /// The bucket.
    public var bucket: String
    /// The key.
    public var key: String
    /// The upload id.
    public var uploadId: String
    /// Dialect that initiated it (`s3`, `bos`, `ufile`).
    public var dialect: String
    /// Initiation time, ISO 8601.
    public var initiated: String
    /// Time of the last part (initiation before any), ISO 8601.
    public var lastActivity: String
    /// Parts held.
    public var parts: Int
    /// Bytes held.
    public var bytes: Int64

    /// The summary of an engine upload.
    public init(_ u: Upload) {
        bucket = u.bucket.value
        key = u.key.value
        uploadId = u.id.value
        dialect = u.dialect.rawValue
        initiated = u.initiated.iso8601
        lastActivity = u.lastActivity.iso8601
        parts = u.partCount
        bytes = u.bytes
    }
}

/// A page of the admin listing.
public struct AdminListing: Codable, Sendable {
    /// Uploads, oldest first within each bucket, buckets by name.
    public var uploads: [AdminUpload]
    /// Opaque cursor for the next page; `nil` at the end.
    public var next: String?
}

/// An upload to abort.
public struct AdminUploadRef: Codable, Hashable, Sendable {
    /// The bucket.
    public var bucket: String
    /// The upload id.
    public var uploadId: String

    /// Creates a reference.
    public init(bucket: String, uploadId: String) {
        self.bucket = bucket
        self.uploadId = uploadId
    }
}

/// What aborting one upload did.
public struct AdminAbortResult: Codable, Hashable, Sendable {
    /// The upload.
    public var upload: AdminUploadRef
    /// `false` when it was already gone (completed or aborted meanwhile).
    public var aborted: Bool
    /// Parts it held.
    public var parts: Int
    /// Bytes it held.
    public var bytes: Int64
}

/// The operations behind `tessera uploads …`, against a running server or a data directory.
public protocol UploadAdministration: Sendable {
    /// Uploads initiated at least `olderThanSeconds` ago, optionally of one bucket and prefix.
    func list(bucket: String?, prefix: String, olderThanSeconds: Int64, after: String?, limit: Int) async throws -> AdminListing
    /// Aborts the given uploads.
    func abort(_ uploads: [AdminUploadRef]) async throws -> [AdminAbortResult]
    /// Runs a reaper pass now.
    func reap() async throws -> ReapReport
}

/// ``UploadAdministration`` straight on an engine: used by the admin endpoint, and by the CLI
/// on a stopped server's data directory.
public struct LocalAdministration: UploadAdministration {
    let engine: Engine
    let reaper: @Sendable () async throws -> ReapReport

    /// Creates it over `engine`; `reaper` runs a pass (default: the engine's reaper directly).
    public init(engine: Engine, reaper: (@Sendable () async throws -> ReapReport)? = nil) {
        self.engine = engine
        self.reaper = reaper ?? { try await engine.reap() }
    }

    public func list(bucket: String?, prefix: String, olderThanSeconds: Int64, after: String?, limit: Int) async throws -> AdminListing {
        let cutoff = engine.clock.now().adding(seconds: -max(0, olderThanSeconds))
        let page = try await engine.administeredUploads(bucket: try bucket.map { try BucketName($0) }, prefix: Array(prefix.utf8),
                                                        initiatedBy: cutoff, after: try after.map(Self.decodeCursor), limit: limit)
        return AdminListing(uploads: page.uploads.map(AdminUpload.init), next: page.next.map(Self.encodeCursor))
    }

    public func abort(_ uploads: [AdminUploadRef]) async throws -> [AdminAbortResult] {
        var results: [AdminAbortResult] = []
        for ref in uploads {
            do {
                let u = try await engine.administrativeAbort(bucket: try BucketName(ref.bucket), uploadID: UploadID(ref.uploadId))
                results.append(AdminAbortResult(upload: ref, aborted: true, parts: u.partCount, bytes: u.bytes))
            } catch let error as StorageError where error.code == .noSuchUpload {
                results.append(AdminAbortResult(upload: ref, aborted: false, parts: 0, bytes: 0))
            }
        }
        return results
    }

    public func reap() async throws -> ReapReport { try await reaper() }

    /// `bucket:micros:uploadId` (bucket names never hold `:`).
    static func encodeCursor(_ c: AdminUploadCursor) -> String {
        "\(c.bucket.value):\(c.position.map { String($0.time.microseconds) } ?? ""):\(c.position?.uploadID.value ?? "")"
    }

    static func decodeCursor(_ s: String) throws(StorageError) -> AdminUploadCursor {
        let parts = s.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw StorageError.invalidArgument("Bad cursor.", name: "after", value: s) }
        let bucket = try BucketName(String(parts[0]))
        if parts[1].isEmpty { return AdminUploadCursor(bucket: bucket, position: nil) }
        guard let micros = Int64(parts[1]) else { throw StorageError.invalidArgument("Bad cursor.", name: "after", value: s) }
        return AdminUploadCursor(bucket: bucket, position: AgeCursor(time: Timestamp(microseconds: micros), uploadID: UploadID(String(parts[2]))))
    }
}
