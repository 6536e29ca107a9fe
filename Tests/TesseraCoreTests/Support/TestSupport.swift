import NIOConcurrencyHelpers
import NIOCore
import TesseraCore

/// A clock tests move by hand.
final class ManualClock: WallClock {
    private let current: NIOLockedValueBox<Timestamp>
    init(_ start: Timestamp = Timestamp(microseconds: 1_790_000_000_000_000)) { current = NIOLockedValueBox(start) }
    func now() -> Timestamp { current.withLockedValue { $0 } }
    func advance(microseconds: Int64) { current.withLockedValue { $0.microseconds += microseconds } }
}

/// A deterministic random generator (SplitMix64), so property tests reproduce from their seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let alice = Owner(id: "alice-id", displayName: "alice")
let bob = Owner(id: "bob-id", displayName: "bob")

func bytes(_ n: Int, seed: UInt8 = 7) -> ByteBuffer {
    var b = ByteBuffer()
    b.writeBytes((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    return b
}

func makeEngine(clock: ManualClock = ManualClock()) -> (Engine, InMemoryMetadataStore, InMemoryBlobStore) {
    let meta = InMemoryMetadataStore()
    let blobs = InMemoryBlobStore()
    return (Engine(metadata: meta, blobs: blobs, clock: clock), meta, blobs)
}

func read(_ engine: Engine, _ record: ObjectRecord, offset: Int64 = 0, length: Int64? = nil) async throws -> [UInt8] {
    var out: [UInt8] = []
    try await engine.readObject(record, offset: offset, length: length ?? record.size) { out += Array($0.readableBytesView) }
    return out
}
