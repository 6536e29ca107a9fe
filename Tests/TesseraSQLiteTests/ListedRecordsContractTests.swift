import Testing
import TesseraCore
import TesseraTestSupport

/// A listing gives every object its own owner and attributes, however its rows repeat or change
/// them from one to the next (SQLite decodes a text once while consecutive rows repeat its bytes).
@Suite struct ListedRecordsContractTests {
    /// Owners and attributes that differ by a byte, by length, or not at all.
    static let owners = [owner, Owner(id: "o1", displayName: "one "), Owner(id: "o12", displayName: "one"),
                         Owner(id: "one", displayName: "o1"), Owner(id: "", displayName: "")]
    static let attributes = [
        ObjectAttributes(), ObjectAttributes(contentType: "text/plain"), ObjectAttributes(contentType: "text/plaim"),
        ObjectAttributes(contentType: "text/plain", storageClass: "STANDARD_IA"),
        ObjectAttributes(contentType: "text/plain", userMetadata: [MetadataEntry(name: "k", value: "ü ✓")]),
        LongAttributesContractTests.attributes(metadata: 2_000),
    ]

    /// Seeded runs of objects that repeat an owner and attributes for a few keys and then change
    /// them; every page of the walk, at any page size, lists each as it was put.
    @Test(arguments: StoreKind.allCases, TestSeeds.seeds([1, 2]))
    func everyListedObjectIsItsOwn(_ kind: StoreKind, seed: UInt64) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var random = SeededRandom(seed: seed)
        var model: [ObjectRecord] = []
        var (who, what) = (0, 0)
        for n in 0..<150 {
            if Int.random(in: 0..<4, using: &random) == 0 { who = Int.random(in: 0..<Self.owners.count, using: &random) }
            if Int.random(in: 0..<3, using: &random) == 0 { what = Int.random(in: 0..<Self.attributes.count, using: &random) }
            var o = try object(b, "k\(1_000 + n)")
            o.owner = Self.owners[who]
            o.attributes = Self.attributes[what]
            try await s.putObject(o, condition: .none)
            o.manifest = []
            model.append(o)
        }
        for limit in [1, 7, 150] {
            var listed: [ObjectRecord] = []
            var position = IndexPosition.start
            while true {
                let page = try await s.listObjects(bucket: b, from: position, prefix: [], limit: limit, manifests: false)
                listed += page
                guard page.count == limit, let last = page.last else { break }
                position = .keyAfter(Array(last.key.value.utf8))
            }
            #expect(listed == model, "\(kind), \(TestSeeds.replay(seed)), pages of \(limit)")
        }
    }

    /// The same for uploads: owner, dialect and storage class (the one attribute a listed upload
    /// carries) changing now and then along the index.
    @Test(arguments: StoreKind.allCases, TestSeeds.seeds([1, 2]))
    func everyListedUploadIsItsOwn(_ kind: StoreKind, seed: UInt64) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var random = SeededRandom(seed: seed)
        var model: [Upload] = []
        var (who, dialect, storageClass) = (0, Dialect.s3, "STANDARD")
        for n in 0..<120 {
            if Int.random(in: 0..<4, using: &random) == 0 { who = Int.random(in: 0..<Self.owners.count, using: &random) }
            if Int.random(in: 0..<4, using: &random) == 0 { dialect = Dialect.allCases.randomElement(using: &random)! }
            if Int.random(in: 0..<4, using: &random) == 0 { storageClass = ["STANDARD", "STANDARD_IA", "GLACIER", "COLD"].randomElement(using: &random)! }
            var u = try upload(b, "k\(1_000 + n / 2)", UploadID.generate(at: t0.adding(seconds: Int64(n))).value, dialect: dialect)
            u.owner = Self.owners[who]
            u.initiator = Self.owners[who]
            u.attributes = ObjectAttributes(storageClass: storageClass)
            try await s.createUpload(u)
            model.append(u)
        }
        model.sort { $0.key.value != $1.key.value ? $0.key.value < $1.key.value : $0.id < $1.id }
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 1_000)
        #expect(listed.count == model.count)
        for (l, m) in zip(listed, model) {
            #expect([l.owner, l.initiator] == [m.owner, m.owner] && l.dialect == m.dialect && l.attributes.storageClass == m.attributes.storageClass,
                    "\(kind), \(TestSeeds.replay(seed)), \(m.key.value)")
        }
    }
}
