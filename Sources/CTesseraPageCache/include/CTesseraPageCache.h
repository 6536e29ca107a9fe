#ifndef C_TESSERA_PAGE_CACHE_H
#define C_TESSERA_PAGE_CACHE_H

#include <stdint.h>

/// How many pages of `length` bytes of the open file `fd` from `offset` are in the page cache,
/// by Linux's `cachestat(2)` (Linux 6.5); -1 where the call is missing (an older kernel, another
/// system) or fails. Asking starts no read-ahead and moves no page.
int64_t tessera_cached_pages(int fd, uint64_t offset, uint64_t length);

#endif
