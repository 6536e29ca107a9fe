import Foundation
import NIOCore

/// How many event loops serve the connections.
///
/// A loop only reads, parses, frames and writes; a request's own work runs in Swift's task pool
/// (a thread a core) and on SQLite's writer. With a loop a core (NIO's default) an initiate kept
/// five threads busy on a two-core machine, and the kernel switching them in was two fifths of
/// the pool's samples. With half the cores, here one loop: initiate −12 % server CPU, a small
/// PUT −7 %, large transfers unchanged (docs/benchmarks.md, "The sixteenth pass").
enum EventLoops {
    /// The count used when none is asked for: half the cores, at least one.
    static func defaultCount(cores: Int) -> Int { max(1, cores / 2) }

    /// Sets the count of NIO's shared loops, before anything has used them: `requested`, else
    /// NIO's own `NIO_SINGLETON_GROUP_LOOP_COUNT` when it is set, else ``defaultCount(cores:)``.
    static func apply(_ requested: Int?) {
        if let requested {
            NIOSingletons.groupLoopCountSuggestion = requested
        } else if ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
            NIOSingletons.groupLoopCountSuggestion = defaultCount(cores: System.coreCount)
        }
    }
}
