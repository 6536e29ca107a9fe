extension MD5Lanes {
    /// One body's share of a pass: its blocks and its chaining value while they are compressed.
    struct Lane {
        let stream: Stream
        var pieces: [Piece]
        var chain: MD5.Chain
        /// Blocks in `pieces`.
        let blocks: Int
    }

    /// Picks the bodies and blocks of the next pass among those in no other, or leaves `runners`
    /// and returns nil when none is due and no body waits (lock held). Waiting bodies go first,
    /// with the blocks they owe, beside others' blocks up to as many; otherwise every body pending
    /// gives the same number of blocks, the smallest backlog among them.
    func nextPass(open: [Stream], runners: inout Int) -> [Lane]? {
        let free = open.filter { !$0.inPass }
        let pending = free.filter { $0.pendingBlocks > 0 }
        let waiting = pending.filter(\.isWaiting)
        guard !waiting.isEmpty || Self.fills(pending: pending.count, free: free.count) else {
            runners -= 1
            return nil
        }
        var chosen = Array(waiting.prefix(4))
        let others = pending.filter { !$0.isWaiting }.sorted { $0.pendingBlocks > $1.pendingBlocks }
        chosen += others.prefix(4 - chosen.count)
        let share = waiting.isEmpty ? chosen.map(\.pendingBlocks).min()! : chosen.filter(\.isWaiting).map(\.owed).max()!
        return chosen.map { stream in
            let blocks = min(stream.pendingBlocks, share)
            stream.inPass = true
            return Lane(stream: stream, pieces: stream.takePieces(blocks: blocks), chain: stream.chain, blocks: blocks)
        }
    }

    /// Stores the pass's results and returns the waiters whose backlog is now empty (lock held).
    func settle(_ lanes: [Lane]) -> [CheckedContinuation<Void, Never>] {
        var woken: [CheckedContinuation<Void, Never>] = []
        for lane in lanes {
            let stream = lane.stream
            stream.chain = lane.chain
            stream.pendingBlocks -= lane.blocks
            stream.inPass = false
            guard stream.pendingBlocks <= stream.drainTarget else { continue }
            if case .suspended(let waiter) = stream.waiting { woken.append(waiter) }
            stream.waiting = .no
        }
        return woken
    }

    /// Compresses the blocks of a pass: lanes side by side while two or more have blocks left, in
    /// steps up to the nearest end of a piece; the last lane alone.
    static func compress(_ lanes: inout [Lane]) {
        var current = [Int](repeating: 0, count: lanes.count)
        while true {
            let active = lanes.indices.filter { current[$0] < lanes[$0].pieces.count }
            guard active.count > 1 else {
                if let i = active.first {
                    for piece in lanes[i].pieces[current[i]...] { MD5.compress(&lanes[i].chain, piece.next, blocks: piece.blocks) }
                }
                return
            }
            let step = active.map { lanes[$0].pieces[current[$0]].blocks }.min()!
            // A lane without a body repeats the last one's blocks; its result is dropped.
            let slots = (0..<4).map { active[min($0, active.count - 1)] }
            var chains = (lanes[slots[0]].chain, lanes[slots[1]].chain, lanes[slots[2]].chain, lanes[slots[3]].chain)
            MD5.compress(&chains, slots.map { lanes[$0].pieces[current[$0]].next }, blocks: step)
            let results = [chains.0, chains.1, chains.2, chains.3]
            for (slot, i) in active.enumerated() {
                lanes[i].chain = results[slot]
                lanes[i].pieces[current[i]].next += step * 64
                lanes[i].pieces[current[i]].blocks -= step
                if lanes[i].pieces[current[i]].blocks == 0 { current[i] += 1 }
            }
        }
    }
}

extension MD5Lanes.Stream {
    /// Whether the body waits for its backlog.
    var isWaiting: Bool {
        if case .no = waiting { return false }
        return true
    }

    /// The blocks a waiting body needs compressed before it goes on.
    var owed: Int { pendingBlocks - drainTarget }

    /// Removes the first `blocks` pending blocks from `pieces`, splitting a piece if need be
    /// (lock held; `pendingBlocks` still counts them until the pass settles).
    func takePieces(blocks: Int) -> [MD5Lanes.Piece] {
        var taken: [MD5Lanes.Piece] = []
        var needed = blocks
        while needed > 0 {
            if pieces[0].blocks <= needed {
                needed -= pieces[0].blocks
                taken.append(pieces.removeFirst())
            } else {
                var head = pieces[0]
                head.blocks = needed
                taken.append(head)
                pieces[0].next += needed * 64
                pieces[0].blocks -= needed
                needed = 0
            }
        }
        return taken
    }
}
