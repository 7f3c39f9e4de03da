#include "ember_random.h"

enum { MT_N = 624, MT_M = 397 };

void ember_mt19937_twist(uint32_t *s) {
    for (int i = 0; i < MT_N; i++) {
        uint32_t y = (s[i] & 0x80000000u) | (s[i + 1 == MT_N ? 0 : i + 1] & 0x7fffffffu);
        uint32_t v = s[i + MT_M < MT_N ? i + MT_M : i + MT_M - MT_N] ^ (y >> 1);
        s[i] = v ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
}

static inline uint32_t mt_temper(uint32_t y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

void ember_mt19937_fill(uint32_t *state, long *left, long *next, uint32_t *out, long count) {
    long i = 0, l = *left, nx = *next;
    while (i < count) {
        if (l == 1) {
            // The draw that twists serves state[0] and leaves left at 624.
            ember_mt19937_twist(state);
            out[i++] = mt_temper(state[0]);
            l = MT_N;
            nx = 1;
            continue;
        }
        long run = l - 1 < count - i ? l - 1 : count - i;
        const uint32_t *src = state + nx;
        uint32_t *dst = out + i;
        for (long j = 0; j < run; j++) dst[j] = mt_temper(src[j]);
        nx += run;
        l -= run;
        i += run;
    }
    *left = l;
    *next = nx;
}

#define EMBER_BERNOULLI(NAME, T)                                                             \
    void NAME(const uint32_t *words, uint64_t threshold, T *out, long n) {                   \
        for (long i = 0; i < n; i++) {                                                       \
            uint64_t bits = ((uint64_t)words[2 * i] << 32 | words[2 * i + 1]) & ((1ull << 53) - 1); \
            out[i] = bits < threshold ? (T)1 : (T)0;                                         \
        }                                                                                    \
    }
EMBER_BERNOULLI(ember_bernoulli_f32, float)
EMBER_BERNOULLI(ember_bernoulli_f64, double)
