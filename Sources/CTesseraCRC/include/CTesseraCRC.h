#ifndef C_TESSERA_CRC_H
#define C_TESSERA_CRC_H

#include <stddef.h>
#include <stdint.h>

/// Folds bytes of `data` into the reflected CRC-32 (IEEE, polynomial 0xEDB88320) register `*crc`
/// by carry-less multiplication (PCLMULQDQ), 64 bytes a step. Takes a multiple of 16 bytes, all
/// but the last 0–15, and returns how many; takes none when `length` < 64 or the CPU lacks
/// PCLMULQDQ. The caller finishes the rest (and keeps the register's initial and final inversion).
size_t tessera_crc32_ieee_clmul(uint32_t *crc, const uint8_t *data, size_t length);

/// Feeds `data` into the reflected CRC-32C (Castagnoli) register `*crc` with SSE 4.2's `crc32`
/// instruction. Returns `length`, or 0 (nothing taken) when the CPU lacks SSE 4.2.
size_t tessera_crc32c_sse42(uint32_t *crc, const uint8_t *data, size_t length);

#endif
