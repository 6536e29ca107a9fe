import UnixSignals

extension HTTPFloorServer {
    /// Returns when `lifetime` is over or the process is asked to stop (`SIGTERM`, `SIGINT`), so
    /// a floor stopped by `kill` still closes its listener and removes what it made (the
    /// engine-write floor's store: a stopped floor left its directory behind).
    static func waitForEnd(of lifetime: Duration) async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: lifetime) }
            group.addTask {
                for await _ in signals { return }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
