import Testing
@testable import TesseraHTTP

/// Request ids: the wire form S3 clients see (16 upper-case hex digits), never repeated in a
/// process, different between processes.
@Suite struct RequestIDsTests {
    @Test func idsAreSixteenUpperCaseHexDigitsAndNeverRepeat() {
        let ids = RequestIDs()
        var seen = Set<String>()
        for _ in 0..<200_000 {
            let id = ids.next()
            #expect(id.utf8.count == 16)
            #expect(id.utf8.allSatisfy { (48...57).contains($0) || (65...70).contains($0) })
            seen.insert(id)
        }
        #expect(seen.count == 200_000)
    }

    @Test func theSameSeedGivesTheSameIdsAndAnotherSeedOthers() {
        let a = RequestIDs(seed: 42), b = RequestIDs(seed: 42), c = RequestIDs(seed: 43)
        let first = (0..<1000).map { _ in a.next() }
        #expect(first == (0..<1000).map { _ in b.next() })
        #expect(Set(first).isDisjoint(with: (0..<1000).map { _ in c.next() }))
    }

    @Test func idsTakenAtOnceFromManyTasksAreAllDistinct() async {
        let ids = RequestIDs()
        let all = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<5_000).map { _ in ids.next() } } }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(Set(all).count == 40_000)
    }

    @Test func theMixIsTheReferenceSplitMix64() {
        // SplitMix64 of seed 0: the reference generator's first outputs (state += golden, then mix).
        #expect(RequestIDs.mix(0x9E37_79B9_7F4A_7C15) == 0xE220_A839_7B1D_CDAF)
        #expect(RequestIDs.mix(0x9E37_79B9_7F4A_7C15 &* 2) == 0x6E78_9E6A_A1B9_65F4)
    }
}
