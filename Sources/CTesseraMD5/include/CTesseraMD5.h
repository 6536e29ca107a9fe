#ifndef C_TESSERA_MD5_H
#define C_TESSERA_MD5_H

#include <stddef.h>
#include <stdint.h>

/// Runs MD5's compression over `blocks` 64-byte blocks at `data`, updating the chaining value `h`
/// (A, B, C, D). Padding and length are the caller's.
void tessera_md5_blocks(uint32_t h[4], const uint8_t *data, size_t blocks);

/// Runs MD5's compression over four independent streams at once, one per 32-bit lane of a vector
/// register: `blocks` 64-byte blocks from each of `d0`…`d3`, updating the chaining values
/// `h[0..<4]`, `h[4..<8]`, `h[8..<12]`, `h[12..<16]`. Each MD5 step waits for the one before, so a
/// core does little else during a single stream; four lanes fill that wait.
void tessera_md5_blocks_x4(uint32_t h[16], const uint8_t *d0, const uint8_t *d1, const uint8_t *d2,
                           const uint8_t *d3, size_t blocks);

#endif
