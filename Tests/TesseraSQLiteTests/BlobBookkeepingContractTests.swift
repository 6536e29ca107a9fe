import Testing
import TesseraTestSupport
import TesseraCore

/// The blob bookkeeping every store keeps: an announced blob stays announced until the record
/// that references it commits, a reclaim queues what is left, and the inventory sees it all.
@Suite struct BlobBookkeepingContractTests {
    @Test(arguments: StoreKind.allCases)
    func intentsAreWithdrawnByTheRecordThatReferencesTheBlob(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let (objectBlob, partBlob, lostBlob, droppedBlob) = (BlobID.generate(), BlobID.generate(), BlobID.generate(), BlobID.generate())
        try await s.recordBlobIntents([objectBlob, partBlob, lostBlob, droppedBlob])
        try await s.putObject(try object(b, "k", blob: objectBlob.value))
        let u = try upload(b, "m", "u1")
        try await s.createUpload(u)
        try await s.putPart(part(u, 1, blob: partBlob.value), bucket: b)
        try await s.forgetBlobIntents([droppedBlob])

        var inventory = try await s.blobInventory()
        #expect(inventory.intents == [lostBlob])
        #expect(Set(inventory.references.map(\.holder)) == [.object(b, try ObjectKey("k")), .part(u.id, PartNumber(trusted: 1))])
        #expect(Set(inventory.references.flatMap(\.segments).map(\.blob)) == [objectBlob, partBlob])
        #expect(inventory.garbage.isEmpty)

        // A crash leaves lostBlob announced: the next start queues it and forgets the intent.
        #expect(try await s.reclaimBlobIntents() == 1)
        #expect(try await s.reclaimBlobIntents() == 0)
        inventory = try await s.blobInventory()
        #expect(inventory.intents.isEmpty)
        #expect(inventory.garbage.map(\.blob) == [lostBlob])
        try await s.queueGarbage([droppedBlob])
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob) == [lostBlob, droppedBlob])
    }
}

/// A garbage drain over every store: it goes on while its batches come back full and stops at a
/// short one, so a queue one batch long, one longer, or several batches long is emptied.
@Suite struct GarbageDrainContractTests {
    @Test(arguments: StoreKind.allCases)
    func aDrainEmptiesQueuesAroundTheBatchSize(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let engine = Engine(metadata: s, blobs: InMemoryBlobStore())
        for length in [Engine.garbageBatch, Engine.garbageBatch + 1, 2 * Engine.garbageBatch + 88] {
            try await s.queueGarbage((0..<length).map { _ in BlobID.generate() })
            try await engine.drainGarbage()
            #expect(try await s.pendingGarbage(limit: 10).isEmpty, "\(kind): \(length) queued")
        }
    }
}

/// DeleteBucket's two rules: objects always block it; in-progress uploads block it unless the
/// caller (S3) aborts them with the bucket, atomically, their parts' blobs queued.
@Suite struct DeleteBucketContractTests {
    @Test(arguments: StoreKind.allCases)
    func uploadsAreAbortedWithTheBucketOnlyWhenAsked(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let u = try upload(b, "m", "u1")
        try await s.createUpload(u)
        try await s.putPart(part(u, 1, blob: "p1"), bucket: b)
        try await s.putPart(part(u, 2, blob: "p2"), bucket: b)
        try await s.putObject(try object(b, "k", blob: "o1"))
        await #expect(throws: StorageError.self) { try await s.deleteBucket(b, abortingUploads: true) }  // the object
        #expect(try await s.deleteObject(bucket: b, key: try ObjectKey("k")))
        await #expect(throws: StorageError.self) { try await s.deleteBucket(b, abortingUploads: false) }  // the upload
        #expect(try await s.deleteBucket(b, abortingUploads: true) == 1)
        #expect(try await s.bucket(b) == nil)
        #expect(try await s.upload(bucket: b, id: u.id) == nil)
        #expect(try await s.parts(uploadID: u.id, after: 0, limit: 10).isEmpty)
        #expect(Set(try await s.pendingGarbage(limit: 10).map(\.blob.value)) == ["o1", "p1", "p2"])
        #expect(try await s.uploadTotals().allSatisfy { $0.bucket != b || $0.uploads == 0 })
    }
}

/// Conditional writes in every store: the condition is checked in the write's transaction.
@Suite struct WriteConditionContractTests {
    /// The code of the storage error `body` throws, nil when it throws none.
    func code(_ body: () async throws -> Void) async -> StorageError.Code? {
        do { try await body(); return nil } catch let e as StorageError { return e.code } catch { return .internalError }
    }

    @Test(arguments: StoreKind.allCases)
    func putAndCompleteCheckTheObjectThere(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let first = try object(b, "k", blob: "b1")
        #expect(await code { try await s.putObject(first, condition: .matching(first.etag)) } == .noSuchKey)
        try await s.putObject(first, condition: .absent)
        #expect(await code { try await s.putObject(try object(b, "k", blob: "b2"), condition: .absent) } == .preconditionFailed)
        #expect(await code { try await s.putObject(try object(b, "k", blob: "b3"), condition: .matching(ETag(hex: String(repeating: "c", count: 32)))) }
                == .preconditionFailed)
        try await s.putObject(try object(b, "k", blob: "b4"), condition: .matching(first.etag))
        #expect(try await s.object(bucket: b, key: try ObjectKey("k"))?.manifest.first?.blob.value == "b4")

        let u = try upload(b, "k", "u1")
        try await s.createUpload(u)
        try await s.putPart(part(u, 1, blob: "p1"), bucket: b)
        let build: @Sendable (Upload, [Part]) throws -> CompletionCommit = { upload, parts in
            let o = try object(b, "k", blob: parts[0].blob.value)
            return CompletionCommit(object: o, receipt: CompletionReceipt(bucket: b, uploadID: upload.id, key: o.key, etag: o.etag,
                                                                          partsDigest: "d", size: o.size, completed: t0))
        }
        #expect(await code { _ = try await s.completeUpload(bucket: b, id: u.id, condition: .absent, build: build) } == .preconditionFailed)
        #expect(try await s.upload(bucket: b, id: u.id) != nil)  // a refused Complete leaves the upload
        _ = try await s.completeUpload(bucket: b, id: u.id, condition: .matching(first.etag), build: build)
        #expect(try await s.upload(bucket: b, id: u.id) == nil)
    }

    /// A delete with a condition removes the object only if it holds, in the delete's
    /// transaction; a refused delete leaves the object and queues none of its blobs.
    @Test(arguments: StoreKind.allCases)
    func deleteChecksTheObjectThere(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        let k = try ObjectKey("k")
        #expect(await code { _ = try await s.deleteObject(bucket: b, key: k, condition: .present) } == .noSuchKey)
        #expect(await code { _ = try await s.deleteObject(bucket: b, key: k, condition: .matching(ETag(hex: String(repeating: "a", count: 32)))) }
                == .noSuchKey)
        let o = try object(b, "k", blob: "d1")
        try await s.putObject(o)
        #expect(await code { _ = try await s.deleteObject(bucket: b, key: k, condition: .matching(ETag(hex: String(repeating: "c", count: 32)))) }
                == .preconditionFailed)
        #expect(try await s.object(bucket: b, key: k) != nil)
        #expect(try await s.pendingGarbage(limit: 10).isEmpty)
        #expect(try await s.deleteObject(bucket: b, key: k, condition: .matching(o.etag)))
        #expect(try await s.pendingGarbage(limit: 10).map(\.blob) == [BlobID("d1")])
        try await s.putObject(try object(b, "k", blob: "d2"))
        #expect(try await s.deleteObject(bucket: b, key: k, condition: .present))
        #expect(try await s.object(bucket: b, key: k) == nil)
    }
}
