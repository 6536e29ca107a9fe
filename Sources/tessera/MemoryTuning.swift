/// Allocator settings for a server that streams bodies in 1 MiB buffers.
///
/// By default glibc serves allocations of 128 KiB and more with a fresh `mmap` and returns them
/// with `munmap` on free, so every body chunk costs page faults to map and zero its pages and a
/// TLB shoot-down to unmap them (measured: a fifth of the server's time in a 4-stream GET). Raising
/// the thresholds keeps those buffers in the heap for reuse; the heap then holds at most what the
/// peak of concurrent streams needed, which the benchmark's peak-RSS figure shows.
enum MemoryTuning {
    static func apply() {
        #if os(Linux)
        // <malloc.h> is not part of the Glibc module: M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD -3.
        _ = glibcMallopt(-3, 32 << 20)
        _ = glibcMallopt(-1, 128 << 20)
        // M_ARENA_MAX (-8): buffers filled on the blob store's 16 I/O threads would otherwise spread
        // over up to 8 arenas per core, each keeping its own peak (measured: 15 arenas of 8-11 MiB).
        _ = glibcMallopt(-8, 2)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
