// CRC-32 and CRC-32C in hardware where the CPU has it; the portable slicing-by-8 code in
// TesseraCore (CRC32.swift) does the rest and is the reference the tests compare against.
//
// CRC-32 by carry-less multiplication follows Gopal et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ Instruction" (Intel, 2009): four 128-bit accumulators are folded
// forward over 64 bytes at a time with x^(512±64) mod P, folded into one, reduced to 64 and then
// 32 bits, and finished by Barrett reduction. The constants are those powers of x modulo the
// bit-reflected polynomial, and P' and mu for the reduction.
#include "CTesseraCRC.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("pclmul,sse4.1")))
static uint32_t crc32_ieee_fold(uint32_t crc, const uint8_t *p, size_t n) {
    const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);  // x^(4*128+32), x^(4*128-32)
    const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);  // x^(128+32), x^(128-32)
    const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124);                // x^64
    const __m128i poly = _mm_set_epi64x(0x01f7011641, 0x01db710641);  // mu, P'
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);

    __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), _mm_cvtsi32_si128((int)crc));
    __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
    p += 64;
    n -= 64;
    while (n >= 64) {
        __m128i al = _mm_clmulepi64_si128(a, k1k2, 0x00), ah = _mm_clmulepi64_si128(a, k1k2, 0x11);
        __m128i bl = _mm_clmulepi64_si128(b, k1k2, 0x00), bh = _mm_clmulepi64_si128(b, k1k2, 0x11);
        __m128i cl = _mm_clmulepi64_si128(c, k1k2, 0x00), ch = _mm_clmulepi64_si128(c, k1k2, 0x11);
        __m128i dl = _mm_clmulepi64_si128(d, k1k2, 0x00), dh = _mm_clmulepi64_si128(d, k1k2, 0x11);
        a = _mm_xor_si128(_mm_xor_si128(al, ah), _mm_loadu_si128((const __m128i *)p));
        b = _mm_xor_si128(_mm_xor_si128(bl, bh), _mm_loadu_si128((const __m128i *)(p + 16)));
        c = _mm_xor_si128(_mm_xor_si128(cl, ch), _mm_loadu_si128((const __m128i *)(p + 32)));
        d = _mm_xor_si128(_mm_xor_si128(dl, dh), _mm_loadu_si128((const __m128i *)(p + 48)));
        p += 64;
        n -= 64;
    }
    // Four accumulators into one, then the remaining 16-byte blocks.
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k3k4, 0x00), _mm_clmulepi64_si128(a, k3k4, 0x11)), b);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k3k4, 0x00), _mm_clmulepi64_si128(a, k3k4, 0x11)), c);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k3k4, 0x00), _mm_clmulepi64_si128(a, k3k4, 0x11)), d);
    while (n >= 16) {
        a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k3k4, 0x00), _mm_clmulepi64_si128(a, k3k4, 0x11)),
                          _mm_loadu_si128((const __m128i *)p));
        p += 16;
        n -= 16;
    }
    // 128 bits to 64, 64 to 32.
    a = _mm_xor_si128(_mm_srli_si128(a, 8), _mm_clmulepi64_si128(a, k3k4, 0x10));
    a = _mm_xor_si128(_mm_srli_si128(a, 4), _mm_clmulepi64_si128(_mm_and_si128(a, low32), k5, 0x00));
    // Barrett reduction.
    __m128i t = _mm_clmulepi64_si128(_mm_and_si128(a, low32), poly, 0x10);
    t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), poly, 0x00);
    return (uint32_t)_mm_extract_epi32(_mm_xor_si128(a, t), 1);
}

size_t tessera_crc32_ieee_clmul(uint32_t *crc, const uint8_t *data, size_t length) {
    if (length < 64 || !__builtin_cpu_supports("pclmul") || !__builtin_cpu_supports("sse4.1")) return 0;
    size_t taken = length & ~(size_t)15;
    *crc = crc32_ieee_fold(*crc, data, taken);
    return taken;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t c = crc;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = _mm_crc32_u64(c, v);
        p += 8;
        n -= 8;
    }
    uint32_t r = (uint32_t)c;
    while (n--) r = _mm_crc32_u8(r, *p++);
    return r;
}

size_t tessera_crc32c_sse42(uint32_t *crc, const uint8_t *data, size_t length) {
    if (!__builtin_cpu_supports("sse4.2")) return 0;
    *crc = crc32c_hw(*crc, data, length);
    return length;
}

#else
size_t tessera_crc32_ieee_clmul(uint32_t *crc, const uint8_t *data, size_t length) { (void)crc; (void)data; (void)length; return 0; }
size_t tessera_crc32c_sse42(uint32_t *crc, const uint8_t *data, size_t length) { (void)crc; (void)data; (void)length; return 0; }
#endif
