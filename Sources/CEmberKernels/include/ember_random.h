#ifndef EMBER_RANDOM_H
#define EMBER_RANDOM_H
#include <stdint.h>
// Bulk draws for the mt19937 generator (Random/Generator.swift), the same stream as its
// one-draw-at-a-time path, in portable C the compiler vectorises (no ISA variants needed).

/// Regenerates the 624 state words (the engine's twist), for the one-draw path as well.
void ember_mt19937_twist(uint32_t *state);
/// The next `count` tempered mt19937 words from the 624-word `state`, advancing PyTorch's
/// engine counters `left` (a twist when it reaches 1 before a draw) and `next`.
void ember_mt19937_fill(uint32_t *state, long *left, long *next, uint32_t *out, long count);
/// Bernoulli values from word pairs (high word first): out[i] = 1 when the 53-bit uniform
/// `((w[2i] << 32 | w[2i+1]) & (2^53 - 1))` is below `threshold` (ceil(p * 2^53)), else 0.
void ember_bernoulli_f32(const uint32_t *words, uint64_t threshold, float *out, long n);
void ember_bernoulli_f64(const uint32_t *words, uint64_t threshold, double *out, long n);
#endif
