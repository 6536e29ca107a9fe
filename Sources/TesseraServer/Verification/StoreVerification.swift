import NIOCore
public import TesseraCore
public import TesseraFiles

/// `tessera verify`: compares what the metadata references, announces and queues with the blob
/// files on disk. Safe beside a running server: the metadata is read before and after the files
/// are listed, so a blob is called missing only if it was referenced throughout, and unreferenced
/// only if it is still there after the second read and nothing knows it.
public struct StoreVerification: Sendable {
    /// The metadata.
    public let metadata: any MetadataStore
    /// The blob files.
    public let blobs: FileBlobStore
    /// The blob directory (`<data-dir>/blobs`).
    public let blobDirectory: String

    /// Creates a verification of one store.
    public init(metadata: any MetadataStore, blobs: FileBlobStore, blobDirectory: String) {
        self.metadata = metadata
        self.blobs = blobs
        self.blobDirectory = blobDirectory
    }

    /// Checks the store; with `deep` also hashes every referenced blob against its ETag; with
    /// `repair` (only while no server runs) fixes what is safe to fix and checks again.
    public func run(deep: Bool, repair: Bool) async throws -> VerificationReport {
        var report = try await check(deep: deep)
        guard repair, report.needsRepair else { return report }
        guard !report.serverRunning else {
            throw StorageError(.invalidRequest, "A server is running on this data directory: stop it before --repair.")
        }
        let repairs = try await fix(report)
        report = try await check(deep: false)
        report.repairs = repairs
        return report
    }

    private func check(deep: Bool) async throws -> VerificationReport {
        var report = VerificationReport()
        report.serverRunning = FileBlobStore.hasLiveWriters(directory: blobDirectory)
        let before = try await metadata.blobInventory()
        let files = try await blobs.blobFiles()
        let after = try await metadata.blobInventory()
        report.blobFiles = files.count
        report.blobBytes = files.values.reduce(0, +)
        let stablyReferenced = Set(before.references.flatMap { $0.segments.map(\.blob) })
        var referenced = Set<BlobID>()
        for reference in after.references {
            if case .object = reference.holder { report.objects += 1 } else { report.parts += 1 }
            var intact = true
            for segment in reference.segments {
                referenced.insert(segment.blob)
                guard stablyReferenced.contains(segment.blob) else { continue }
                var size = files[segment.blob]
                if size == nil { size = try await currentSize(segment.blob) }  // linked after the listing
                if size != segment.size {
                    intact = false
                    report.broken.append(.init(holder: reference.holder, blob: segment.blob, expectedSize: segment.size, actualSize: size))
                }
            }
            if deep, intact, stablyReferenced.isSuperset(of: reference.segments.map(\.blob)) {
                report.hashed += 1
                if try await !hashesToETag(reference) { report.hashMismatches.append(reference.holder) }
            }
        }
        let known = referenced.union(after.intents).union(after.garbage.map(\.blob))
        for (blob, size) in files where !known.contains(blob) {
            if try await currentSize(blob) != nil { report.unreferenced[blob] = size }
        }
        report.queued = after.garbage.count
        report.queuedButReferenced = after.garbage.filter { referenced.contains($0.blob) }
        report.announced = after.intents.count
        report.announcedFiles = after.intents.filter { files[$0] != nil }.count
        let temporary = try FileBlobStore.abandonedTemporaryFiles(directory: blobDirectory, remove: false)
        report.abandonedTemporaryFiles = temporary.files
        report.abandonedTemporaryBytes = temporary.bytes
        return report
    }

    /// Fixes, in an order that never deletes referenced bytes: unqueue live blobs, then queue
    /// and delete the abandoned announced ones, then delete unreferenced files and temporary ones.
    private func fix(_ report: VerificationReport) async throws -> [String] {
        var done: [String] = []
        if !report.queuedButReferenced.isEmpty {
            try await metadata.removeGarbage(report.queuedButReferenced.map(\.sequence))
            done.append("\(report.queuedButReferenced.count) queued deletions of referenced blobs cancelled")
        }
        let reclaimed = try await metadata.reclaimBlobIntents()
        let engine = Engine(metadata: metadata, blobs: blobs)
        try await engine.drainGarbage()
        if reclaimed > 0 { done.append("\(reclaimed) abandoned announcements reclaimed (\(report.announcedFiles) with files)") }
        for blob in report.unreferenced.keys { try await blobs.delete(blob) }
        if !report.unreferenced.isEmpty {
            done.append("\(report.unreferenced.count) unreferenced blob files deleted (\(report.unreferenced.values.reduce(0, +)) bytes)")
        }
        let temporary = try FileBlobStore.abandonedTemporaryFiles(directory: blobDirectory, remove: true)
        if temporary.files > 0 { done.append("\(temporary.files) abandoned temporary files deleted (\(temporary.bytes) bytes)") }
        return done
    }

    private func currentSize(_ blob: BlobID) async throws -> Int64? {
        try await blobs.size(of: blob)
    }

    /// Whether the record's bytes hash to its ETag: the MD5 of the bytes, or for a completed
    /// multipart object the MD5 of its parts' MD5s with `-N`.
    private func hashesToETag(_ reference: BlobReference) async throws -> Bool {
        var digests: [[UInt8]] = []
        for segment in reference.segments {
            var digest = DigestSet(check: IntegrityCheck())
            try await blobs.read(segment.blob, offset: 0, length: segment.size) { digest.update($0) }
            digests.append(try digest.finish().md5)
        }
        guard let parts = reference.etag.partCount else {
            return digests.count == 1 && Identifiers.hex(digests[0]) == reference.etag.hex
        }
        var combined = DigestSet(check: IntegrityCheck())
        combined.update(ByteBuffer(bytes: digests.flatMap { $0 }))
        let md5 = try combined.finish().md5
        return parts == digests.count && Identifiers.hex(md5) == reference.etag.hex
    }
}
