import Crypto
import NIOCore
import Testing
@testable import TesseraCore

/// The engine's own MD5 (one lane and four side by side) against RFC 1321's examples and
/// swift-crypto's MD5, whatever the lengths and the way a body is cut.
@Suite(.timeLimit(.minutes(1))) struct MD5Tests {
    /// Deterministic bytes for a seed.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static func reference(_ bytes: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).leftPadded(2) }.joined() }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfc1321Examples(text: String, digest: String) {
        var md5 = MD5()
        Array(text.utf8).withUnsafeBytes { md5.update($0) }
        #expect(Self.hex(md5.finalize()) == digest)
    }

    /// Every length around the padding boundaries, fed whole and in pieces of every small size.
    @Test func oneLaneMatchesTheReference() {
        for length in Array(0...200) + [1_000, 4_095, 4_096, 4_097, 65_599, 1 << 20] {
            let data = Self.bytes(length, seed: UInt64(length))
            let expected = Self.reference(data)
            for piece in [length, 1, 3, 63, 64, 65, 1_000] where piece > 0 || length == 0 {
                var md5 = MD5()
                var at = 0
                repeat {
                    let end = min(at + max(piece, 1), length)
                    data[at..<end].withUnsafeBytes { md5.update($0) }
                    at = end
                } while at < length
                #expect(md5.finalize() == expected, "length \(length) in pieces of \(piece)")
            }
        }
    }

    /// Feeds `bodies` through one set of lanes concurrently, each cut by its own pattern of sizes.
    static func throughLanes(_ bodies: [[UInt8]], cuts: [[Int]], lanes: MD5Lanes) async -> [[UInt8]] {
        await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for (n, body) in bodies.enumerated() {
                group.addTask {
                    let stream = lanes.stream()!
                    var at = 0, k = 0
                    while at < body.count {
                        let end = min(body.count, at + cuts[n][k % cuts[n].count])
                        await stream.append(ByteBuffer(bytes: body[at..<end]))
                        at = end
                        k += 1
                        if k % 3 == 0 { await Task.yield() }
                    }
                    return (n, await stream.finish())
                }
            }
            var out = [[UInt8]](repeating: [], count: bodies.count)
            for await (n, digest) in group { out[n] = digest }
            return out
        }
    }

    /// Eleven concurrent bodies of unrelated lengths and cuts, with a backlog limit small enough
    /// that bodies wait on each other and with the default, compressed by one task at a time or by
    /// up to three.
    @Test(arguments: [(4, 1), (4, 3), (16_384, 1), (16_384, 3)])
    func concurrentBodiesMatchTheReference(backlogLimit: Int, maxRunners: Int) async {
        let lanes = MD5Lanes(backlogLimit: backlogLimit, maxRunners: maxRunners, maxStreams: 16)
        let lengths = [0, 1, 63, 64, 65, 4_096, 100_001, 250_000, 1 << 20, 777_777, 3_000]
        let bodies = lengths.enumerated().map { Self.bytes($1, seed: UInt64($0) + 100) }
        let cuts = [[65_536], [1, 64, 1_000], [4_096, 63], [10_000, 1], [64], [300_000], [7, 65_536, 129], [8_192], [999], [65_537], [2_048, 2_049]]
        let digests = await Self.throughLanes(bodies, cuts: cuts, lanes: lanes)
        for (n, body) in bodies.enumerated() { #expect(digests[n] == Self.reference(body), "body \(n), \(body.count) bytes") }
    }

    /// Four open bodies: the blocks of the first three wait until the fourth has some, then all go
    /// through one pass of four lanes, with pieces ending at different blocks.
    @Test func fourBodiesShareOnePass() async {
        let lanes = MD5Lanes()
        let bodies = (0..<4).map { Self.bytes(10_000 + 4_321 * $0, seed: UInt64($0)) }
        let streams = (0..<4).map { _ in lanes.stream()! }
        for (n, stream) in streams.enumerated().prefix(3) {
            await stream.append(ByteBuffer(bytes: bodies[n][..<(5_000 + n * 100)]))
            #expect(stream.pendingBlocks > 0, "no pass while a fourth open body has nothing")
        }
        await streams[3].append(ByteBuffer(bytes: bodies[3][..<7_000]))
        #expect(streams.allSatisfy { $0.pendingBlocks < 7_000 / 64 }, "the fourth body's blocks made a pass due")
        for (n, stream) in streams.enumerated() {
            await stream.append(ByteBuffer(bytes: bodies[n][(n == 3 ? 7_000 : 5_000 + n * 100)...]))
        }
        for (n, stream) in streams.enumerated() { #expect(await stream.finish() == Self.reference(bodies[n])) }
    }

    /// A body past its backlog limit while another open body has nothing waits only until it is
    /// back at the limit (the rest stays queued for a pass beside the other), and at its end
    /// until everything is compressed.
    @Test func aBodyOverItsLimitWaitsOnlyDownToIt() async {
        let lanes = MD5Lanes(backlogLimit: 16, maxRunners: 1)
        let quiet = lanes.stream()!, fast = lanes.stream()!
        let body = Self.bytes(64 * 40 + 7, seed: 3)
        await fast.append(ByteBuffer(bytes: body[..<(64 * 10)]))
        #expect(fast.pendingBlocks == 10, "under the limit, no pass is due while another body has nothing")
        await fast.append(ByteBuffer(bytes: body[(64 * 10)..<(64 * 30)]))
        #expect(fast.pendingBlocks == 16, "over the limit: compressed down to it, not to nothing")
        await quiet.append(ByteBuffer(bytes: body[..<(64 * 3)]))
        #expect(fast.pendingBlocks == 13 && quiet.pendingBlocks == 0, "both bodies pending: a pass of the smaller backlog")
        await fast.append(ByteBuffer(bytes: body[(64 * 30)...]))
        #expect(await fast.finish() == Self.reference(body))
        #expect(await quiet.finish() == Self.reference(Array(body[..<(64 * 3)])))
    }

    /// A task starts passes when none runs and a pass is due (or its body waits); beside a running
    /// task only when the bodies outside its pass fill four lanes, else the running task takes them.
    @Test func aSecondRunnerStartsOnlyForFullLanes() {
        let cases: [(running: Int, pending: Int, free: Int, waiter: Bool, starts: Bool)] = [
            (0, 1, 1, false, true), (0, 3, 4, false, false), (0, 4, 6, false, true), (0, 0, 2, true, true),
            (1, 1, 1, false, false), (1, 3, 3, false, false), (1, 2, 2, true, false), (1, 4, 4, false, true), (1, 5, 7, true, true),
        ]
        for c in cases {
            #expect(MD5Lanes.startsRunner(running: c.running, pending: c.pending, free: c.free, forWaiter: c.waiter) == c.starts, "\(c)")
        }
    }

    /// Past `maxStreams` open bodies a new one gets no stream (it hashes by itself); one ending
    /// makes room.
    @Test func streamsAreBounded() async {
        let lanes = MD5Lanes(maxStreams: 2)
        let first = lanes.stream(), second = lanes.stream()
        #expect(first != nil && second != nil)
        #expect(lanes.stream() == nil)
        _ = await first?.finish()
        let third = lanes.stream()
        #expect(third != nil)
        second?.close()
        third?.close()
    }

    /// An open body that sends nothing holds no other: the others finish, and once it is closed a
    /// new body runs alone.
    @Test func anIdleOrAbandonedBodyHoldsNoOther() async {
        let lanes = MD5Lanes(backlogLimit: 8)
        let idle = lanes.stream()!
        await idle.append(ByteBuffer(bytes: Self.bytes(1_000, seed: 1)))
        let busy = (0..<2).map { Self.bytes(200_000, seed: UInt64($0) + 7) }
        let digests = await Self.throughLanes(busy, cuts: [[4_096], [10_000]], lanes: lanes)
        #expect(digests == busy.map(Self.reference))
        idle.close()
        let alone = Self.bytes(70_000, seed: 9)
        #expect(await Self.throughLanes([alone], cuts: [[65_536]], lanes: lanes) == [Self.reference(alone)])
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
