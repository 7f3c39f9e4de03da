// The max-pool plane loop (CPU+MaxPool.swift), written once and compiled per instruction
// set by pool_{avx512,avx2,generic}.c: with AVX2 and up the window-update loop vectorises
// with blends; the baseline target has no float select and branches.
#include <math.h>
#include "ember_pool.h"

#define POOL_CAT2(a, b) a##_##b
#define POOL_CAT(a, b) POOL_CAT2(a, b)
// One window element over a row of outputs; `unpredictable` keeps the selects selects.
#define POOL_ROW(STEP)                                                                       \
    for (long j = lo; j < hi; j++) {                                                         \
        __typeof__(*best) v = line[j * (STEP)], c = best[j];                                 \
        int wins = __builtin_unpredictable((v > c) | (v != v));                              \
        int64_t a = at[j];                                                                   \
        best[j] = wins ? v : c;                                                              \
        at[j] = wins ? flat + j * sw : a;                                                    \
    }
// A select against the running maximum of one output (2 x 2 windows).
#define POOL_TAKE(V, INDEX)                                                                  \
    {                                                                                        \
        __typeof__(b) v = (V);                                                               \
        int wins = __builtin_unpredictable((v > b) | (v != v));                              \
        b = wins ? v : b;                                                                    \
        a = wins ? (INDEX) : a;                                                              \
    }
// The general loop goes window element by window element, each updating a whole output row
// (no loop-carried select, which the compiler would turn into a mispredicted branch), and
// still visits each window in PyTorch's (h, w) order. 2 x 2 windows at stride 2 with no
// padding that all lie inside the plane (most CNNs' pooling) take a loop of their own,
// three times faster.
#define EMBER_MAXPOOL(NAME, T)                                                               \
    void POOL_CAT(NAME, POOL_SUFFIX)(const ember_pool_geometry *g, const T *restrict x,      \
                                     T *restrict out, int64_t *restrict index) {             \
        const long oh = g->out_h, ow = g->out_w, height = g->height, width = g->width;        \
        const long kh = g->kernel_h, kw = g->kernel_w, sh = g->stride_h, sw = g->stride_w;    \
        const long ph = g->pad_h, pw = g->pad_w, dh = g->dilation_h, dw = g->dilation_w;      \
        const long rs = g->row_stride, cs = g->col_stride, step = sw * cs;                   \
        if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 \
            && cs == 1 && 2 * oh <= height && 2 * ow <= width) {                             \
            for (long i = 0; i < oh; i++) {                                                  \
                const T *restrict r0 = x + 2 * i * rs, *restrict r1 = r0 + rs;                \
                const int64_t f0 = 2 * i * width, f1 = f0 + width;                           \
                for (long j = 0; j < ow; j++) {                                              \
                    T b = -INFINITY;                                                         \
                    int64_t a = f0 + 2 * j;                                                  \
                    POOL_TAKE(r0[2 * j], f0 + 2 * j)                                         \
                    POOL_TAKE(r0[2 * j + 1], f0 + 2 * j + 1)                                 \
                    POOL_TAKE(r1[2 * j], f1 + 2 * j)                                         \
                    POOL_TAKE(r1[2 * j + 1], f1 + 2 * j + 1)                                 \
                    out[i * ow + j] = b;                                                     \
                    index[i * ow + j] = a;                                                   \
                }                                                                            \
            }                                                                                \
            return;                                                                          \
        }                                                                                    \
        const long *restrict j_lo = g->j_lo, *restrict j_hi = g->j_hi, *restrict fw = g->first_w; \
        for (long i = 0; i < oh; i++) {                                                      \
            T *restrict best = out + i * ow;                                                 \
            int64_t *restrict at = index + i * ow;                                           \
            long h0 = i * sh - ph;                                                           \
            while (h0 < 0) h0 += dh;                                                         \
            for (long j = 0; j < ow; j++) {                                                  \
                best[j] = -INFINITY;                                                         \
                at[j] = h0 * width + fw[j];                                                  \
            }                                                                                \
            for (long ki = 0; ki < kh; ki++) {                                               \
                long h = i * sh - ph + ki * dh;                                              \
                if (h < 0 || h >= height) continue;                                          \
                for (long kj = 0; kj < kw; kj++) {                                           \
                    long rw = kj * dw - pw, flat = h * width + rw;                           \
                    const T *restrict line = x + h * rs + rw * cs;                           \
                    long lo = j_lo[kj], hi = j_hi[kj];                                       \
                    /* a constant step lets the compiler load contiguously and shuffle */    \
                    if (step == 2) POOL_ROW(2)                                               \
                    else if (step == 1) POOL_ROW(1)                                          \
                    else POOL_ROW(step)                                                      \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
    }
EMBER_MAXPOOL(ember_maxpool2d_plane_f32, float)
EMBER_MAXPOOL(ember_maxpool2d_plane_f64, double)
