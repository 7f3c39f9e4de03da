#include "CEmberKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>

// A 16x16 block of floats transposed in registers: row i of the result (stored at dst + i*ld)
// is column i of the block read from rows src + j*cs.
__attribute__((target("avx512f")))
static void transpose16(const float *src, long cs, float *dst, long ld) {
    __m512 r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(src + i * cs);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    }
    for (int i = 0; i < 4; i++) {
        t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
        t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
    }
    for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    }
    for (int i = 0; i < 16; i++) _mm512_storeu_ps(dst + i * ld, r[i]);
}
#endif

// Packs one GEMM panel of B from a transposed operand (B's rows are contiguous along k, as
// for `x @ W.t()` or `g @ cols.t()`): dst[p*nr + c] = src[c*cs + p] for p < kc, c < cols,
// zero for cols <= c < nr. With AVX-512, 16x16 blocks are transposed in registers; the
// edges, and other CPUs, copy element by element.
void ember_pack_bt_f32(const float *src, long cs, long kc, long cols, long nr, float *dst) {
    long p = 0;
#if defined(__x86_64__)
    if (ember_cpu_has_avx512()) {
        for (; p + 16 <= kc; p += 16) {
            long c = 0;
            for (; c + 16 <= cols; c += 16) transpose16(src + c * cs + p, cs, dst + p * nr + c, nr);
            for (long j = 0; j < 16; j++) {
                float *d = dst + (p + j) * nr;
                for (long cc = c; cc < cols; cc++) d[cc] = src[cc * cs + p + j];
                for (long cc = cols; cc < nr; cc++) d[cc] = 0;
            }
        }
    }
#endif
    for (; p < kc; p++) {
        float *d = dst + p * nr;
        for (long c = 0; c < cols; c++) d[c] = src[c * cs + p];
        for (long c = cols; c < nr; c++) d[c] = 0;
    }
}
