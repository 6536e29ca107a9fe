extension Engine {
    /// The queued blobs one collection takes at most.
    public static let garbageBatch = 256

    /// Deletes up to `batch` queued blobs and removes them from the queue; returns how many.
    /// Safe to run at any time, including at start-up after a crash.
    @discardableResult
    public func collectGarbage(batch: Int = Engine.garbageBatch) async throws -> Int {
        let entries = try await metadata.claimGarbage(limit: batch)
        guard !entries.isEmpty else { return 0 }
        for e in entries { try await blobs.delete(e.blob) }
        try await metadata.removeGarbage(entries.map(\.sequence))
        return entries.count
    }

    /// Drains the whole queue: batches until one comes back short, which found the queue empty
    /// behind it (garbage queued later signals another drain). Not until a batch comes back
    /// empty: that read was one more for every drain, and a drain follows every replaced part
    /// or deleted object.
    public func drainGarbage() async throws {
        while try await collectGarbage() == Self.garbageBatch {}
    }
}
