/// Limits and knobs of the engine.
public struct EngineConfiguration: Sendable {
    /// Largest single PutObject body.
    public var maxObjectSize: Int64 = 5 * 1024 * 1024 * 1024
    /// Largest part.
    public var maxPartSize: Int64 = 5 * 1024 * 1024 * 1024
    /// Fixed part size announced to UFile clients.
    public var ufileBlockSize: Int64 = 4 * 1024 * 1024
    /// Objects of at most this many bytes (with a declared length) are stored inline in their
    /// metadata record: one durable metadata commit, shared with concurrent writers, instead of a
    /// file to create, sync and link. 0 stores every object as blobs.
    public var inlineObjectLimit: Int = 16 * 1024
    /// Writes that would leave less free space than this (per the engine's ``CapacityGauge``) are
    /// refused with `insufficientStorage`; 0 refuses none (a full disk still answers that error).
    public var minimumFreeBytes: Int64 = 0

    /// The defaults above.
    public init() {}
}

/// The storage engine: every operation of every dialect goes through here. It knows nothing of
/// HTTP; it validates typed inputs, enforces the multipart rules of the upload's dialect, streams
/// bodies into blobs while hashing them, and commits metadata in single transactions.
public struct Engine: Sendable {
    /// What every copy shares (a dialect makes a copy for each request it serves: two
    /// references to copy instead of eleven).
    let parts: EngineParts
    /// The condition keys of the request being served (``judging(_:)``); `nil` outside one.
    public private(set) var requestFacts: RequestFacts?

    /// Durable metadata.
    public var metadata: any MetadataStore { parts.metadata }
    /// Durable blobs.
    public var blobs: any BlobStore { parts.blobs }
    /// The source of time.
    public var clock: any WallClock { parts.clock }
    /// Limits.
    public var configuration: EngineConfiguration { parts.configuration }
    /// Called after an operation queued blobs for deletion (wakes the collector).
    public var garbageQueued: @Sendable () -> Void { parts.garbageQueued }
    /// Free space where blobs are written (nil: not watched).
    public var capacity: (any CapacityGauge)? { parts.capacity }
    /// Time-ordered, never-tying upload ids.
    var uploadIDs: UploadIDSequence { parts.uploadIDs }
    /// Blob ids announced to the metadata ahead of use.
    var blobIDs: BlobIDReservoir { parts.blobIDs }
    /// MD5 of concurrent bodies, side by side.
    var md5Lanes: MD5Lanes { parts.md5Lanes }
    /// The last measure of free space, for the reserve check of each write.
    var freeSpace: FreeSpaceSample { parts.freeSpace }

    /// Creates an engine over its ports.
    public init(metadata: any MetadataStore, blobs: any BlobStore, clock: any WallClock = SystemClock(),
                configuration: EngineConfiguration = EngineConfiguration(), garbageQueued: @escaping @Sendable () -> Void = {},
                capacity: (any CapacityGauge)? = nil) {
        parts = EngineParts(metadata: metadata, blobs: blobs, clock: clock, configuration: configuration,
                            garbageQueued: garbageQueued, capacity: capacity)
    }

    /// The bucket, if `caller` may take `action` on it (or on its object `key`): a bucket
    /// policy's deny refuses anyone, its allow admits anyone; where it says nothing, the bucket's
    /// owner always, another caller (or an anonymous one) when the bucket's ACL grants
    /// `permission`; without a `permission`, the owner only. `noSuchBucket` if absent,
    /// `accessDenied` otherwise.
    public func authorizedBucket(_ name: BucketName, caller: Owner, for permission: Permission? = nil, action: AccessAction,
                                 key: ObjectKey? = nil) async throws -> Bucket {
        guard let bucket = try await metadata.bucket(name) else { throw StorageError.noSuchBucket(name.value) }
        let owner = bucket.owner.id == caller.id
        let verdict = policyVerdict(bucket, caller, action, key: key)
        if verdict == .denied, !(owner && action.ownerAlwaysMay) { throw StorageError.accessDenied() }
        guard owner || verdict == .allowed
            || permission.map({ bucket.effectiveACL.allows($0, to: caller, bucketOwner: bucket.owner) }) == true else {
            throw StorageError.accessDenied()
        }
        return bucket
    }

    /// What the bucket's policy and its access list (kept as statements) say of `caller` taking
    /// `action` on it (or its object `key`), judged with this request's facts (``judging(_:)``):
    /// a deny in either denies, else an allow in either allows; `undecided` without either.
    /// Under `RestrictPublicBuckets` a public policy allows nothing to anyone but the bucket's
    /// owner; under `IgnorePublicAcls` a public access list neither. Without `accessList`, the
    /// policy alone (an object's own ACL prevails over the bucket's list for its reads).
    func policyVerdict(_ bucket: Bucket, _ caller: Owner, _ action: AccessAction, key: ObjectKey?,
                       accessList: Bool = true) -> PolicyVerdict {
        let list = accessList ? bucket.accessList : nil
        if bucket.policy == nil, list == nil { return .undecided }
        let facts = PolicyFacts(now: clock.now(), caller: caller, request: requestFacts)
        let owner = caller.id == bucket.owner.id
        var allowed = false
        for (statements, restricted) in [(bucket.policy, bucket.publicAccessBlock?.restrictPublicBuckets == true),
                                         (list, bucket.publicAccessBlock?.ignorePublicACLs == true)] {
            guard let statements else { continue }
            switch statements.verdict(caller, action, bucket: bucket.name, key: key, facts: facts,
                                      allowsIgnored: restricted && !owner && statements.isPublic) {
            case .denied: return .denied
            case .allowed: allowed = true
            case .undecided: break
            }
        }
        return allowed ? .allowed : .undecided
    }

    /// This engine, judging bucket policies' conditions with `facts` (a request's: where it came
    /// from, over what, its headers). A dialect makes one for each request it serves.
    public func judging(_ facts: @escaping RequestFacts) -> Engine {
        var judging = self
        judging.requestFacts = facts
        return judging
    }

    /// Throws `accessDenied` unless the bucket's owner has the canonical id `expected` (S3's
    /// `x-amz-expected-bucket-owner`: a client's guard against writing to or reading from a bucket
    /// that changed hands); `noSuchBucket` when there is none.
    public func requireOwner(_ expected: String, of name: BucketName) async throws {
        guard let bucket = try await metadata.bucket(name) else { throw StorageError.noSuchBucket(name.value) }
        guard bucket.owner.id == expected else { throw StorageError.accessDenied() }
    }

    /// Refuses a body declared longer than `maxSize` (`entityTooLarge`) before anything is read or
    /// reserved for it.
    func refuseOversized(_ declaredLength: Int64?, maxSize: Int64) throws(StorageError) {
        if let declaredLength, declaredLength > maxSize {
            throw StorageError(.entityTooLarge, "Your proposed upload exceeds the maximum allowed size",
                               context: ErrorContext(proposedSize: declaredLength, maxSizeAllowed: maxSize))
        }
    }

    /// Streams `body` into a new durable blob, hashing it and verifying `check`; a body longer
    /// than `maxSize` is refused as it arrives. The caller has already refused a declared length
    /// past `maxSize` (``refuseOversized(_:maxSize:)``, before it reserved space for the body).
    /// Nothing is left behind when it throws.
    func ingest(_ body: ByteStream, check: IntegrityCheck, maxSize: Int64, declaredLength: Int64?) async throws -> (BlobID, DigestSet.Result) {
        try check.validateShape()
        // A body declared under 64 KiB arrives in a read or two: nothing to gain from sharing lanes,
        // and going through them cost an UploadPart of 4 KiB 34,000 instructions (callgrind).
        let shared = (declaredLength ?? .max) >= 65_536
        return try await writeBlob { writer in
            var digests = DigestSet(check: check)
            let md5 = shared ? md5Lanes.stream() : nil  // nil: many bodies at once, or a small one
            do {
                for try await chunk in body {
                    if let md5 { await digests.update(chunk, md5: md5) } else { digests.update(chunk) }
                    guard digests.count <= maxSize else {
                        throw StorageError(.entityTooLarge, "Your proposed upload exceeds the maximum allowed size")
                    }
                    try await writer.write(chunk)
                }
                if let declaredLength, digests.count != declaredLength { throw StorageError.incompleteBody() }
            } catch {
                md5?.close()
                throw error
            }
            if let md5 { return try await digests.finish(md5: md5) }
            return try digests.finish()
        }
    }

    /// Writes a new blob with `fill` and makes it durable. Its id was announced to the metadata
    /// before the file exists (``BlobIDReservoir``), so a crash at any instant leaves the blob
    /// referenced, announced (reclaimed at the next start) or absent. Nothing is left when it throws.
    func writeBlob<R>(_ fill: (any BlobWriter) async throws -> R) async throws -> (BlobID, R) {
        let id = try await blobIDs.next(announcingWith: metadata)
        let writer: any BlobWriter
        do {
            writer = try await blobs.makeWriter(id: id)
        } catch {
            await dropUnreferenced(id)
            throw error
        }
        do {
            let result = try await fill(writer)
            return (try await writer.commit(), result)
        } catch {
            await writer.discard()
            await dropUnreferenced(id)
            throw error
        }
    }

    /// Withdraws the announcements of blob ids reserved but not used (at a graceful shutdown;
    /// after a crash the next start reclaims them).
    public func releaseReservedBlobIDs() async {
        let unused = blobIDs.takeUnused()
        if !unused.isEmpty { try? await metadata.forgetBlobIntents(unused) }
    }

    /// Deletes a blob that never became reachable, then its announcement (which stays, for the
    /// next start to reclaim, if the file cannot be deleted now).
    func dropUnreferenced(_ blob: BlobID) async {
        do {
            try await blobs.delete(blob)
            try await metadata.forgetBlobIntents([blob])
        } catch {}
    }
}

/// An engine's ports, limits and the state behind them, shared by its copies.
final class EngineParts: Sendable {
    let metadata: any MetadataStore
    let blobs: any BlobStore
    let clock: any WallClock
    let configuration: EngineConfiguration
    let garbageQueued: @Sendable () -> Void
    let capacity: (any CapacityGauge)?
    let uploadIDs = UploadIDSequence()
    let blobIDs = BlobIDReservoir()
    let md5Lanes = MD5Lanes()
    let freeSpace = FreeSpaceSample()

    init(metadata: any MetadataStore, blobs: any BlobStore, clock: any WallClock, configuration: EngineConfiguration,
         garbageQueued: @escaping @Sendable () -> Void, capacity: (any CapacityGauge)?) {
        self.metadata = metadata
        self.blobs = blobs
        self.clock = clock
        self.configuration = configuration
        self.garbageQueued = garbageQueued
        self.capacity = capacity
    }
}
