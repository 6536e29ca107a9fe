import Dispatch

/// The program's entry: runs ``Tessera`` on the concurrency runtime while the main thread waits.
///
/// A synchronous `main` rather than an `async` one, so that the main thread blocks on a
/// semaphore instead of parking in libdispatch's `sigsuspend` (`dispatch_main`): valgrind 3.19
/// dies on that (an internal SIGSEGV for any async-main Swift program), and callgrind's
/// instruction counts are the repeatable measure of the server's CPU per request
/// (`bench/callgrind.py`, docs/benchmarks.md). Nothing in Tessera runs on the main actor or the
/// main dispatch queue, which this leaves undrained.
@main
enum Entry {
    static func main() {
        let done = DispatchSemaphore(value: 0)
        // Detached: a task made here would inherit the main actor, which this thread never runs.
        Task.detached {
            await Tessera.main()
            done.signal()
        }
        done.wait()
    }
}
