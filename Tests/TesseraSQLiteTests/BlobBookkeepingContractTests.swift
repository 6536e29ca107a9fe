import Testing
import TesseraTestSupport
import TesseraCore

/// The blob bookkeeping every store keeps: an announced blob stays announced until the record
/// that references it commits, a reclaim queues what is left, and the inventory sees it all.
@Suite struct BlobBookkeepingContractTests {
    @Test(arguments: StoreKind.allCases)
    func intentsAreWithdrawnByTheRecordThatReferencesTheBlob(_ kind: StoreKind) async throws {
        let s = try kind.make()
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
