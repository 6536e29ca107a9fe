import NIOCore
import TesseraCore
import TesseraTestSupport

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
