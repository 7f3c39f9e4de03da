#include "CEmberKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>

// A 16x16 block of floats transposed in registers: row i of the result (stored at dst + i*ld,
// its first `lanes` values) is column i of the block read from rows src + j*cs, j < `rows`
// (the rows past that read as zero).
__attribute__((target("avx512f")))
static void transpose16(const float *src, long cs, long rows, float *dst, long ld, long lanes) {
    __m512 r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = i < rows ? _mm512_loadu_ps(src + i * cs) : _mm512_setzero_ps();
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
    if (lanes >= 16) {
        for (int i = 0; i < 16; i++) _mm512_storeu_ps(dst + i * ld, r[i]);
    } else {
        __mmask16 m = (__mmask16)((1u << lanes) - 1);
        for (int i = 0; i < 16; i++) _mm512_mask_storeu_ps(dst + i * ld, m, r[i]);
    }
}
#endif

// Packs one GEMM panel of B from a transposed operand (B's rows are contiguous along k, as
// for `x @ W.t()` or `g @ cols.t()`): dst[p*nr + c] = src[c*cs + p] for p < kc, c < cols,
// zero for cols <= c < nr. The same layout is an MR-row panel of a row-major A (rows for
// cols, mr for nr). With AVX-512, blocks of 16 k-steps are transposed in registers (the
// last, narrower block by masked stores); the k tail, and other CPUs, copy element by element.
void ember_pack_bt_f32(const float *src, long cs, long kc, long cols, long nr, float *dst) {
    long p = 0;
#if defined(__x86_64__)
    if (ember_cpu_has_avx512()) {
        for (; p + 16 <= kc; p += 16) {
            for (long c = 0; c < nr; c += 16) {
                long rows = cols - c < 0 ? 0 : (cols - c > 16 ? 16 : cols - c);
                transpose16(src + c * cs + p, cs, rows, dst + p * nr + c, nr, nr - c);
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
