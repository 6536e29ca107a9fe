internal import CTesseraMD5

/// MD5 of a stream (the ETag), with its chaining value in the open so that ``MD5Lanes`` can carry
/// it through a vector lane beside other streams'. Whole 64-byte blocks are compressed as they
/// arrive; the remainder waits in `tail` for the next bytes or ``finalize()``.
struct MD5 {
    /// A, B, C and D of RFC 1321.
    typealias Chain = SIMD4<UInt32>

    /// The chaining value before any block.
    static let initial = Chain(0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)

    private var chain = MD5.initial
    /// Bytes of an unfinished block.
    private var tail = BlockCarry()
    /// Bytes seen so far.
    private var length: UInt64 = 0

    /// Adds `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        let whole = tail.cut(bytes) { Self.compress(&chain, $0.baseAddress!, blocks: 1) }
        if whole.blocks > 0 { Self.compress(&chain, bytes.baseAddress! + whole.start, blocks: whole.blocks) }
    }

    /// The 16-byte digest.
    func finalize() -> [UInt8] { Self.digest(chain, tail: tail.bytes, length: length) }

    /// The digest of a stream of `length` bytes whose whole blocks gave `chain`, `tail` (fewer
    /// than 64 bytes) being the rest: pads, compresses the last blocks and writes A…D little-endian.
    static func digest(_ chain: Chain, tail: [UInt8], length: UInt64) -> [UInt8] {
        var last = tail
        last.append(0x80)
        while last.count % 64 != 56 { last.append(0) }
        withUnsafeBytes(of: (length &* 8).littleEndian) { last.append(contentsOf: $0) }
        var chain = chain
        last.withUnsafeBytes { compress(&chain, $0.baseAddress!, blocks: $0.count / 64) }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for i in 0..<4 { withUnsafeBytes(of: chain[i].littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Compresses `blocks` whole blocks at `data` into `chain`.
    static func compress(_ chain: inout Chain, _ data: UnsafeRawPointer, blocks: Int) {
        withUnsafeMutableBytes(of: &chain) { h in
            tessera_md5_blocks(h.baseAddress!.assumingMemoryBound(to: UInt32.self), data.assumingMemoryBound(to: UInt8.self), blocks)
        }
    }

    /// Compresses `blocks` blocks of four streams side by side, lane `i` reading `data[i]`.
    static func compress(_ chains: inout (Chain, Chain, Chain, Chain), _ data: [UnsafeRawPointer], blocks: Int) {
        let p = data.map { $0.assumingMemoryBound(to: UInt8.self) }
        withUnsafeMutableBytes(of: &chains) { h in
            tessera_md5_blocks_x4(h.baseAddress!.assumingMemoryBound(to: UInt32.self), p[0], p[1], p[2], p[3], blocks)
        }
    }
}

/// The bytes of an unfinished 64-byte block, carried from one buffer of a stream to the next.
struct BlockCarry {
    /// Fewer than 64 bytes.
    private(set) var bytes: [UInt8] = []

    /// Cuts the stream's next `buffer`: completes the carried block from its start and hands it
    /// to `completed`, returns where its whole blocks start and how many there are, and carries
    /// the rest.
    mutating func cut(_ buffer: UnsafeRawBufferPointer, completed: (UnsafeRawBufferPointer) -> Void) -> (start: Int, blocks: Int) {
        var start = 0
        if !bytes.isEmpty {
            start = min(64 - bytes.count, buffer.count)
            bytes.append(contentsOf: buffer[0..<start])
            guard bytes.count == 64 else { return (start, 0) }
            bytes.withUnsafeBytes(completed)
            bytes.removeAll(keepingCapacity: true)
        }
        let blocks = (buffer.count - start) / 64
        if start + blocks * 64 < buffer.count { bytes.append(contentsOf: buffer[(start + blocks * 64)...]) }
        return (start, blocks)
    }
}
