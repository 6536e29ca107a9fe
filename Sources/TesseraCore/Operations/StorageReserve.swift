/// Free space where the engine writes (the blob store's file system).
public protocol CapacityGauge: Sendable {
    /// Bytes the server may still write, nil when unknown.
    func availableBytes() -> Int64?
}

extension Engine {
    /// Free bytes where blobs are written, nil when unknown (for `/metrics`).
    public func availableBytes() -> Int64? { capacity?.availableBytes() }

    /// Refuses a write that would leave less free space than the configured reserve, so that a
    /// disk is never filled by objects to the point where deleting them fails (deletes and aborts
    /// need a little space for the metadata journal). `bytes` is the body's declared length, if any.
    func requireSpace(for bytes: Int64?) throws {
        let reserve = configuration.minimumFreeBytes
        guard reserve > 0, let free = capacity?.availableBytes() else { return }
        if free - max(bytes ?? 0, 0) < reserve {
            throw StorageError(.insufficientStorage,
                               "The server's free space is below its reserve of \(reserve) bytes: writes are refused until space is freed (deletes still work).")
        }
    }
}
