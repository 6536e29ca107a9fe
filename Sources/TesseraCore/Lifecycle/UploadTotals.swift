/// What a bucket's in-progress uploads hold, kept incrementally by the store in the same
/// transactions that change uploads and parts (no scan is needed to answer).
public struct UploadTotals: Hashable, Sendable {
    /// The bucket.
    public var bucket: BucketName
    /// In-progress uploads.
    public var uploads: Int
    /// Parts they hold.
    public var parts: Int
    /// Bytes their parts hold.
    public var bytes: Int64
    /// Initiation time of the oldest, `nil` when there is none.
    public var oldestInitiated: Timestamp?

    /// Creates totals.
    public init(bucket: BucketName, uploads: Int, parts: Int, bytes: Int64, oldestInitiated: Timestamp?) {
        self.bucket = bucket
        self.uploads = uploads
        self.parts = parts
        self.bytes = bytes
        self.oldestInitiated = oldestInitiated
    }
}

/// A position in a bucket's time index of uploads: (time, upload id), exclusive.
public struct AgeCursor: Hashable, Sendable {
    /// The time (initiation or last activity, depending on the index).
    public var time: Timestamp
    /// The upload id, breaking ties.
    public var uploadID: UploadID

    /// Creates a cursor.
    public init(time: Timestamp, uploadID: UploadID) {
        self.time = time
        self.uploadID = uploadID
    }
}

/// "Uploads of one bucket whose `basis` time is at or before `cutoff` and whose key starts
/// with `prefix`": what a rule, or an administrator's `--older-than`, selects.
public struct ExpiryCriterion: Hashable, Sendable {
    /// Which time index to walk.
    public var basis: ExpiryBasis
    /// Inclusive upper bound of the time.
    public var cutoff: Timestamp
    /// Key prefix (empty: all).
    public var prefix: [UInt8]

    /// Creates a criterion.
    public init(basis: ExpiryBasis, cutoff: Timestamp, prefix: [UInt8]) {
        self.basis = basis
        self.cutoff = cutoff
        self.prefix = prefix
    }

    /// Whether `upload` is selected.
    public func selects(_ upload: Upload) -> Bool {
        let time = basis == .initiation ? upload.initiated : upload.lastActivity
        return time <= cutoff && upload.key.value.utf8.starts(with: prefix)
    }
}

/// One step of a walk along a time index.
public struct AgeBatch: Sendable {
    /// Uploads selected (and, for an aborting walk, aborted), in index order.
    public var uploads: [Upload]
    /// Index entries read to find them (selected or not).
    public var visited: Int
    /// Where the next step starts; `nil` when the walk is over.
    public var next: AgeCursor?

    /// Creates a batch.
    public init(uploads: [Upload], visited: Int, next: AgeCursor?) {
        self.uploads = uploads
        self.visited = visited
        self.next = next
    }
}
