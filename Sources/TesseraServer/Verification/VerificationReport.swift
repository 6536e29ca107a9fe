public import TesseraCore

/// What `tessera verify` found: metadata and blob files compared.
public struct VerificationReport: Sendable {
    /// A referenced blob that is not on disk, or has the wrong size.
    public struct BrokenBlob: Sendable {
        /// What references it.
        public var holder: BlobHolder
        /// The blob.
        public var blob: BlobID
        /// The size the metadata gives.
        public var expectedSize: Int64
        /// The size on disk (nil: missing).
        public var actualSize: Int64?
    }

    /// Objects checked (inline ones included).
    public var objects = 0
    /// Parts of in-progress uploads checked.
    public var parts = 0
    /// Blob files on disk, and their bytes.
    public var blobFiles = 0
    /// Their bytes.
    public var blobBytes: Int64 = 0
    /// Referenced blobs missing or of the wrong size: data lost or damaged (not repairable).
    public var broken: [BrokenBlob] = []
    /// Records whose bytes do not hash to their ETag (with `--deep`): damaged (not repairable).
    public var hashMismatches: [BlobHolder] = []
    /// Records checked with `--deep`.
    public var hashed = 0
    /// Blob files nothing references, announces or queues: leaked space (repairable).
    public var unreferenced: [BlobID: Int64] = [:]
    /// Queued deletions of blobs still referenced: data about to be lost (repairable).
    public var queuedButReferenced: [GarbageEntry] = []
    /// Queued deletions not yet done.
    public var queued = 0
    /// Blobs announced by a writer and not referenced: in flight on a live server, else
    /// abandoned by a crash (repairable; a server reclaims them when it starts).
    public var announced = 0
    /// Of those, how many have a blob file (only these hold space).
    public var announcedFiles = 0
    /// Whether a live server writes into the data directory.
    public var serverRunning = false
    /// Temporary files no live writer owns, and their bytes (repairable).
    public var abandonedTemporaryFiles = 0
    /// Their bytes.
    public var abandonedTemporaryBytes: Int64 = 0
    /// What `--repair` did.
    public var repairs: [String] = []

    /// Creates an empty report.
    public init() {}

    /// Damage that repair cannot undo: bytes lost or changed.
    public var isDamaged: Bool { !broken.isEmpty || !hashMismatches.isEmpty }

    /// Problems repair can fix: leaks and queued deletions of live data.
    public var needsRepair: Bool {
        !unreferenced.isEmpty || !queuedButReferenced.isEmpty || abandonedTemporaryFiles > 0 || (!serverRunning && announcedFiles > 0)
    }

    /// Whether everything is consistent.
    public var isClean: Bool { !isDamaged && !needsRepair }

    /// The report as lines for a terminal.
    public var lines: [String] {
        var out = [
            "objects: \(objects), parts of in-progress uploads: \(parts)",
            "blob files: \(blobFiles) (\(blobBytes) bytes)",
            "missing or wrong-size blobs: \(broken.count)",
        ]
        out += broken.prefix(20).map { b in
            "  \(b.holder): blob \(b.blob) " + (b.actualSize.map { "has \($0) bytes, expected \(b.expectedSize)" } ?? "is missing (\(b.expectedSize) bytes)")
        }
        if hashed > 0 || !hashMismatches.isEmpty {
            out.append("hashed: \(hashed), ETag mismatches: \(hashMismatches.count)")
            out += hashMismatches.prefix(20).map { "  \($0): bytes do not match the ETag" }
        }
        out.append("unreferenced blob files: \(unreferenced.count) (\(unreferenced.values.reduce(0, +)) bytes)")
        out.append("queued deletions: \(queued), of blobs still referenced: \(queuedButReferenced.count)")
        out.append("announced blobs: \(announced), with a file: \(announcedFiles)"
                   + (announcedFiles == 0 ? "" : serverRunning ? " (in flight on the running server)" : " (abandoned by a crash)"))
        out.append("abandoned temporary files: \(abandonedTemporaryFiles) (\(abandonedTemporaryBytes) bytes)")
        out += repairs.map { "repaired: \($0)" }
        out.append(isDamaged ? "DAMAGED: referenced bytes are missing or changed" : needsRepair ? "NEEDS REPAIR: run tessera verify --repair with the server stopped" : "OK")
        return out
    }
}
