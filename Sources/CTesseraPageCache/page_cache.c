#define _GNU_SOURCE
#include "CTesseraPageCache.h"

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>

// `cachestat(2)`'s number is 451 on every architecture (the unified system-call table); libc
// headers older than the call do not name it, and `syscall` is variadic, which Swift cannot call.
#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif

struct tessera_cachestat_range { uint64_t off; uint64_t len; };
struct tessera_cachestat {
    uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

int64_t tessera_cached_pages(int fd, uint64_t offset, uint64_t length) {
    struct tessera_cachestat_range range = { offset, length };
    struct tessera_cachestat stat;
    if (syscall(__NR_cachestat, fd, &range, &stat, 0) != 0) return -1;
    return (int64_t)stat.nr_cache;
}
#else
int64_t tessera_cached_pages(int fd, uint64_t offset, uint64_t length) {
    (void)fd; (void)offset; (void)length;
    return -1;
}
#endif
