public import NIOCore

/// What a completed upload turns into, built by the engine inside the store's transaction.
public struct CompletionCommit: Sendable {
    /// The object to write.
    public var object: ObjectRecord
    /// The record that lets a retried Complete answer the same result.
    public var receipt: CompletionReceipt

    /// Creates a commit.
    public init(object: ObjectRecord, receipt: CompletionReceipt) {
        self.object = object
        self.receipt = receipt
    }
}

/// Remembers a completed upload so that a retried Complete with the same parts returns 200 again.
public struct CompletionReceipt: Hashable, Sendable {
    /// The bucket.
    public var bucket: BucketName
    /// The upload that was completed.
    public var uploadID: UploadID
    /// The key it was completed to.
    public var key: ObjectKey
    /// The object's ETag.
    public var etag: ETag
    /// Digest of the part list the client sent (numbers and ETags).
    public var partsDigest: String
    /// Object size.
    public var size: Int64
    /// When it was completed.
    public var completed: Timestamp

    /// Creates a receipt.
    public init(bucket: BucketName, uploadID: UploadID, key: ObjectKey, etag: ETag, partsDigest: String, size: Int64, completed: Timestamp) {
        self.bucket = bucket
        self.uploadID = uploadID
        self.key = key
        self.etag = etag
        self.partsDigest = partsDigest
        self.size = size
        self.completed = completed
    }
}

/// A queued blob deletion.
public struct GarbageEntry: Hashable, Sendable {
    /// Queue position.
    public var sequence: Int64
    /// The blob to delete.
    public var blob: BlobID

    /// Creates an entry.
    public init(sequence: Int64, blob: BlobID) {
        self.sequence = sequence
        self.blob = blob
    }
}

/// Durable metadata: credentials, buckets, objects, uploads, parts and the blob GC queue.
///
/// Every mutating call is one transaction. Calls that make blobs unreachable (replacing an
/// object, superseding a part, completing or aborting an upload) enqueue those blobs for garbage
/// collection in the same transaction. Stores throw ``StorageError`` for rule violations they
/// detect atomically (bucket not empty, upload gone).
///
/// A blob is announced (``recordBlobIntents(_:)``) before its file becomes visible; the call that
/// first references it (``putObject(_:)``, ``putPart(_:bucket:)``) withdraws the intent in its
/// transaction, so after a crash every blob file is referenced, announced or queued.
public protocol MetadataStore: Sendable {
    /// The credential for an access key.
    func credential(accessKey: String) async throws -> Credential?
    /// Adds a credential; throws `invalidArgument` if the access key exists.
    func addCredential(_ credential: Credential) async throws
    /// All credentials.
    func credentials() async throws -> [Credential]
    /// Removes a credential; `false` if there was none. A process that caches credentials stops
    /// honouring it within its cache lifetime.
    func removeCredential(accessKey: String) async throws -> Bool

    /// Creates a bucket; throws `bucketAlreadyExists` (context `Owner`) if the name is taken.
    func createBucket(_ bucket: Bucket) async throws
    /// A bucket by name.
    func bucket(_ name: BucketName) async throws -> Bucket?
    /// All buckets, by name.
    func buckets() async throws -> [Bucket]
    /// Deletes a bucket without objects; throws `bucketNotEmpty` or `noSuchBucket`. Its in-progress
    /// uploads are aborted in the same transaction (their parts' blobs queued) when
    /// `abortingUploads`, else they too make it `bucketNotEmpty`. Returns the uploads aborted.
    @discardableResult
    func deleteBucket(_ name: BucketName, abortingUploads: Bool) async throws -> Int
    /// Replaces (or with `nil` removes) a bucket's lifecycle rules; throws `noSuchBucket`.
    func setLifecycle(_ configuration: LifecycleConfiguration?, bucket: BucketName) async throws
    /// Sets who may read a bucket's objects without credentials; throws `noSuchBucket`.
    func setAccess(_ access: BucketAccess, bucket: BucketName) async throws
    /// Replaces a bucket's ACL; throws `noSuchBucket`.
    func setACL(_ acl: AccessControlList, bucket: BucketName) async throws
    /// Replaces a bucket's own tags (`nil`: none); `noSuchBucket` if absent.
    func setTags(_ tags: [ObjectTag]?, bucket: BucketName) async throws
    /// Replaces a bucket's cross-origin rules (`nil`: none); `noSuchBucket` if absent.
    func setCrossOrigin(_ configuration: CrossOriginConfiguration?, bucket: BucketName) async throws
    /// Replaces a bucket's public access block (`nil`: none); `noSuchBucket` if absent.
    func setPublicAccessBlock(_ block: PublicAccessBlock?, bucket: BucketName) async throws
    /// Replaces a bucket's object ownership (`nil`: none); `noSuchBucket` if absent.
    func setObjectOwnership(_ ownership: ObjectOwnership?, bucket: BucketName) async throws
    /// Replaces a bucket's policy (`nil`: none); `noSuchBucket` if absent.
    func setPolicy(_ policy: BucketPolicy?, bucket: BucketName) async throws
    /// Replaces a bucket's access list kept as statements (`nil`: none); `noSuchBucket` if absent.
    func setAccessList(_ list: BucketPolicy?, bucket: BucketName) async throws
    /// Replaces a bucket's versioning state (`nil`: never set); `noSuchBucket` if absent.
    func setVersioning(_ status: VersioningStatus?, bucket: BucketName) async throws
    /// Changes an object's attributes in place (its ACL, its tags) if it is still the object with
    /// `etag`, in one transaction; throws `noSuchKey` otherwise.
    func updateAttributes(bucket: BucketName, key: ObjectKey, etag: ETag,
                          _ change: @escaping @Sendable (inout ObjectAttributes) -> Void) async throws

    /// Writes an object, replacing any object with the same key, if the object there satisfies
    /// `condition` (checked in the write's transaction; see ``WriteCondition/check(_:key:)``).
    /// Returns whether the replaced object's blobs were queued for garbage collection (so a
    /// write of a new key or over an inline object wakes no collector).
    @discardableResult
    func putObject(_ object: ObjectRecord, condition: WriteCondition) async throws -> Bool
    /// An object by key.
    func object(bucket: BucketName, key: ObjectKey) async throws -> ObjectRecord?
    /// Deletes an object if the one under the key satisfies `condition` (checked in the same
    /// transaction as the delete); returns whether it existed.
    func deleteObject(bucket: BucketName, key: ObjectKey, condition: WriteCondition) async throws -> Bool
    /// Runs `body` with reads of the object index — each: up to `limit` objects at or past a
    /// position whose key starts with a prefix, in key order — that all see one snapshot, so a
    /// listing page makes all its reads, however many, at once. Listed records carry no
    /// ``ObjectRecord/inlineContent``, and their ``ObjectRecord/manifest`` only with `manifests`:
    /// a listing page renders none, and decoding a 128-part object's took ~80 µs, eight times
    /// the rest of its row (docs/benchmarks.md, the eighteenth pass); a store migration copies them.
    func readObjectIndex<T: Sendable>(bucket: BucketName, manifests: Bool, _ body: @Sendable (IndexReader<ObjectRecord>) throws -> T) async throws -> T

    /// Records a new upload.
    func createUpload(_ upload: Upload) async throws
    /// An upload by id.
    func upload(bucket: BucketName, id: UploadID) async throws -> Upload?
    /// Runs `body` with reads of the upload index — each: up to `limit` uploads at or past a
    /// position whose key starts with a prefix, by (key, id) — that all see one snapshot, so a
    /// listing page makes all its reads, however many, at once. Of their attributes, listed
    /// uploads need carry only the storage class.
    func readUploadIndex<T: Sendable>(bucket: BucketName, _ body: @Sendable (IndexReader<Upload>) throws -> T) async throws -> T
    /// Records a part, superseding any part with the same number; throws `noSuchUpload` if the
    /// upload is gone. Updates the upload's part count, bytes and last activity. Returns whether
    /// a superseded part's blob was queued for garbage collection.
    @discardableResult
    func putPart(_ part: Part, bucket: BucketName) async throws -> Bool
    /// Parts with a number greater than `after`, ascending.
    func parts(uploadID: UploadID, after: Int, limit: Int) async throws -> [Part]
    /// Completes an upload in one transaction: `build` sees the upload and all its parts and
    /// returns the object; the store writes it, deletes the upload and its parts, queues the
    /// blobs of parts not in the manifest and of any replaced object, and stores the receipt.
    /// The object there must satisfy `condition`, checked in the same transaction. `build` may
    /// run more than once (a store may run its transaction again) and must do nothing but
    /// return its result.
    func completeUpload(bucket: BucketName, id: UploadID, condition: WriteCondition,
                        build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit
    /// The receipt of an earlier completion.
    func completionReceipt(bucket: BucketName, id: UploadID) async throws -> CompletionReceipt?
    /// Deletes an upload and its parts, queueing their blobs; returns the upload as it was at
    /// that instant (its part count and bytes are what was reclaimed); throws `noSuchUpload`.
    @discardableResult
    func abortUpload(bucket: BucketName, id: UploadID) async throws -> Upload

    /// In-progress upload totals of every bucket that has had uploads, by bucket name.
    func uploadTotals() async throws -> [UploadTotals]
    /// Stored objects and bytes of every bucket that has had objects, by bucket name; kept as
    /// objects are written and deleted (no scan).
    func objectTotals() async throws -> [ObjectTotals]
    /// Walks a bucket's time index (ordered by time, then upload id) from just past `after`:
    /// reads at most `limit` entries with time at or before `criterion.cutoff` and returns those
    /// the criterion selects. Never reads entries newer than the cutoff.
    func uploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch
    /// Like ``uploadsByAge(bucket:criterion:after:limit:)`` but aborts what it selects, in the
    /// same transaction as the read, so an upload completed, aborted or given a new part
    /// concurrently is either seen in its new state or not at all.
    func abortUploadsByAge(bucket: BucketName, criterion: ExpiryCriterion, after: AgeCursor?, limit: Int) async throws -> AgeBatch

    /// The oldest queued blob deletions.
    func pendingGarbage(limit: Int) async throws -> [GarbageEntry]
    /// Queued deletions for this process to carry out now and then remove: a store shared by
    /// several processes hands each entry to one of them at a time, for a lease after which an
    /// entry not removed (its process died) is handed out again. Default: ``pendingGarbage(limit:)``.
    func claimGarbage(limit: Int) async throws -> [GarbageEntry]
    /// Removes finished entries from the queue.
    func removeGarbage(_ sequences: [Int64]) async throws
    /// Queues blobs for deletion.
    func queueGarbage(_ blobs: [BlobID]) async throws

    /// Durably announces blobs about to be written, before their files become visible.
    func recordBlobIntents(_ blobs: [BlobID]) async throws
    /// Withdraws announcements whose blobs were never linked (or are already deleted).
    func forgetBlobIntents(_ blobs: [BlobID]) async throws
    /// Queues every announced blob for deletion and forgets the announcements; returns how many.
    /// Only for a store that no live writer uses (at start-up, before serving).
    func reclaimBlobIntents() async throws -> Int
    /// Every reference to a blob, every intent and the deletion queue, in one snapshot.
    func blobInventory() async throws -> BlobInventory
}

/// Immutable blobs on durable storage.
public protocol BlobStore: Sendable {
    /// Starts a new blob that will have the id `id`.
    func makeWriter(id: BlobID) async throws -> any BlobWriter
    /// Streams `length` bytes from `offset` of a blob into `sink`.
    func read(_ blob: BlobID, offset: Int64, length: Int64, into sink: (ByteBuffer) async throws -> Void) async throws
    /// Deletes a blob; a missing blob is not an error.
    func delete(_ blob: BlobID) async throws
}

extension MetadataStore {
    /// One process's store: what is pending is this process's to collect.
    public func claimGarbage(limit: Int) async throws -> [GarbageEntry] { try await pendingGarbage(limit: limit) }

    /// Deletes a bucket that has neither objects nor in-progress uploads.
    public func deleteBucket(_ name: BucketName) async throws { try await deleteBucket(name, abortingUploads: false) }

    /// ``putObject(_:condition:)`` without a condition.
    public func putObject(_ object: ObjectRecord) async throws { try await putObject(object, condition: .none) }

    /// Replaces an object's ACL (in its attributes; `nil`: none of its own, an empty list: private
    /// by its own ACL) if it is still the object with `etag`; throws `noSuchKey` otherwise.
    public func setACL(_ acl: AccessControlList?, bucket: BucketName, key: ObjectKey, etag: ETag) async throws {
        try await updateAttributes(bucket: bucket, key: key, etag: etag) { $0.acl = acl }
    }

    /// ``deleteObject(bucket:key:condition:)`` without a condition.
    @discardableResult
    public func deleteObject(bucket: BucketName, key: ObjectKey) async throws -> Bool {
        try await deleteObject(bucket: bucket, key: key, condition: .none)
    }

    /// ``completeUpload(bucket:id:condition:build:)`` without a condition.
    public func completeUpload(bucket: BucketName, id: UploadID,
                               build: @escaping @Sendable (Upload, [Part]) throws -> CompletionCommit) async throws -> CompletionCommit {
        try await completeUpload(bucket: bucket, id: id, condition: .none, build: build)
    }
}

extension BlobStore {
    /// Starts a new blob with a fresh id.
    public func makeWriter() async throws -> any BlobWriter { try await makeWriter(id: .generate()) }
}

/// Writes one blob. Nothing is visible until ``commit()`` returns, and then it is durable.
public protocol BlobWriter: AnyObject {
    /// The id the blob will have.
    var id: BlobID { get }
    /// Appends bytes.
    func write(_ buffer: ByteBuffer) async throws
    /// Makes the blob durable and visible; returns its id.
    func commit() async throws -> BlobID
    /// Drops everything written.
    func discard() async
}
