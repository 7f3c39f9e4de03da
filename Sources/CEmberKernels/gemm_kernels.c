#include "CEmberKernels.h"
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EMBER_X86 1
#endif

// GEMM micro-kernels: C[mr×nr] (+)= Apanel · Bpanel over kc steps, both panels packed by
// the Swift driver (GemmDriver.swift). Every kernel computes a tile of MR rows × 2 vectors
// of columns, keeping all accumulators in registers; A is broadcast one element at a time,
// B is read as two vectors per step. Partial tiles (mr < MR or nr < NR) are computed over the
// zero-padded panels into a local tile and only the valid part is written; the AVX-512
// kernels pass short edge tiles to a shorter tile of the same code.

#define EMBER_UNROLL _Pragma("clang loop unroll(full)")

// One template for all SIMD variants: T scalar, V vector type, W lanes per vector.
#define EMBER_GEMM_TILE(NAME, TARGET, T, V, W, MR, AS, LOADU, STOREU, SET1, FMA, ADD, ZERO)        \
    TARGET static inline void NAME(long kc, const T *restrict a, const T *restrict b, T *restrict c, \
                                   long ldc, long mr, long nr, int accumulate) {                    \
        V acc[MR][2];                                                                               \
        EMBER_UNROLL for (int i = 0; i < MR; i++) { acc[i][0] = ZERO(); acc[i][1] = ZERO(); }       \
        /* Fetch the C tile (for writing) 64 steps before the loop ends, so its misses are     */  \
        /* hidden and it is still in L1 when written (B streaming through evicts earlier lines). */ \
        long p = 0;                                                                                 \
        for (int half = 0; half < 2; half++) {                                                      \
            long end = half ? kc : (kc > 64 ? kc - 64 : 0);                                         \
            if (half) {                                                                             \
                for (long i = 0; i < mr; i++) {                                                     \
                    __builtin_prefetch(c + i * ldc, 1, 3);                                          \
                    __builtin_prefetch(c + i * ldc + 2 * W - 1, 1, 3);                              \
                }                                                                                   \
            }                                                                                       \
            for (; p < end; p++) {                                                                  \
                V b0 = LOADU(b), b1 = LOADU(b + W);                                                 \
                /* B streams from L2 (the driver sweeps a group of B panels per A panel): */        \
                /* fetch it 16 steps ahead, A a few. */                                             \
                __builtin_prefetch(a + 8 * AS, 0, 3);                                               \
                __builtin_prefetch(b + 16 * 2 * W, 0, 3);                                           \
                __builtin_prefetch(b + 16 * 2 * W + W, 0, 3);                                       \
                EMBER_UNROLL for (int i = 0; i < MR; i++) {                                         \
                    V ai = SET1(a[i]);                                                              \
                    acc[i][0] = FMA(ai, b0, acc[i][0]);                                             \
                    acc[i][1] = FMA(ai, b1, acc[i][1]);                                             \
                }                                                                                   \
                a += AS;                                                                            \
                b += 2 * W;                                                                         \
            }                                                                                       \
        }                                                                                           \
        if (mr == MR && nr == 2 * W) {                                                              \
            EMBER_UNROLL for (int i = 0; i < MR; i++) {                                             \
                T *row = c + i * ldc;                                                               \
                if (accumulate) {                                                                   \
                    acc[i][0] = ADD(acc[i][0], LOADU(row));                                         \
                    acc[i][1] = ADD(acc[i][1], LOADU(row + W));                                     \
                }                                                                                   \
                STOREU(row, acc[i][0]);                                                             \
                STOREU(row + W, acc[i][1]);                                                         \
            }                                                                                       \
            return;                                                                                 \
        }                                                                                           \
        T tile[MR * 2 * W];                                                                         \
        EMBER_UNROLL for (int i = 0; i < MR; i++) {                                                 \
            STOREU(tile + i * 2 * W, acc[i][0]);                                                    \
            STOREU(tile + i * 2 * W + W, acc[i][1]);                                                \
        }                                                                                           \
        for (long i = 0; i < mr; i++) {                                                             \
            T *row = c + i * ldc;                                                                   \
            const T *src = tile + i * 2 * W;                                                        \
            if (accumulate) { for (long j = 0; j < nr; j++) row[j] += src[j]; }                     \
            else { for (long j = 0; j < nr; j++) row[j] = src[j]; }                                 \
        }                                                                                           \
    }

#if EMBER_X86
#define EMBER_AVX512 __attribute__((target("avx512f,fma")))
#define EMBER_AVX2 __attribute__((target("avx2,fma")))

// AVX-512 tiles are 14 rows; an edge tile of at most 4 or 8 rows (1024 = 73·14 + 2) runs a
// kernel of that height over the same 14-row panel, so it costs its rows, not a full tile.
#define EMBER_GEMM_AVX512(NAME, T, V, W, LOADU, STOREU, SET1, FMA, ADD, ZERO)                       \
    EMBER_GEMM_TILE(NAME##_4, EMBER_AVX512, T, V, W, 4, 14, LOADU, STOREU, SET1, FMA, ADD, ZERO)    \
    EMBER_GEMM_TILE(NAME##_8, EMBER_AVX512, T, V, W, 8, 14, LOADU, STOREU, SET1, FMA, ADD, ZERO)    \
    EMBER_GEMM_TILE(NAME##_14, EMBER_AVX512, T, V, W, 14, 14, LOADU, STOREU, SET1, FMA, ADD, ZERO)  \
    EMBER_AVX512 void NAME(long kc, const T *a, const T *b, T *c, long ldc, long mr, long nr, int accumulate) { \
        if (mr <= 4) NAME##_4(kc, a, b, c, ldc, mr, nr, accumulate);                                 \
        else if (mr <= 8) NAME##_8(kc, a, b, c, ldc, mr, nr, accumulate);                            \
        else NAME##_14(kc, a, b, c, ldc, mr, nr, accumulate);                                        \
    }

EMBER_GEMM_AVX512(ember_sgemm_kernel_avx512, float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps,
                  _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_setzero_ps)
EMBER_GEMM_AVX512(ember_dgemm_kernel_avx512, double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd,
                  _mm512_set1_pd, _mm512_fmadd_pd, _mm512_add_pd, _mm512_setzero_pd)
#define EMBER_GEMM_AVX2(NAME, T, V, W, LOADU, STOREU, SET1, FMA, ADD, ZERO)                         \
    EMBER_GEMM_TILE(NAME##_6, EMBER_AVX2, T, V, W, 6, 6, LOADU, STOREU, SET1, FMA, ADD, ZERO)       \
    EMBER_AVX2 void NAME(long kc, const T *a, const T *b, T *c, long ldc, long mr, long nr, int accumulate) { \
        NAME##_6(kc, a, b, c, ldc, mr, nr, accumulate);                                              \
    }
EMBER_GEMM_AVX2(ember_sgemm_kernel_avx2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps,
                _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_setzero_ps)
EMBER_GEMM_AVX2(ember_dgemm_kernel_avx2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd,
                _mm256_set1_pd, _mm256_fmadd_pd, _mm256_add_pd, _mm256_setzero_pd)
#else
// Other architectures: the portable kernels below serve every call (gemm_dispatch in Swift).
void ember_sgemm_kernel_avx512(long kc, const float *a, const float *b, float *c, long ldc, long mr, long nr,
                               int accumulate) { (void)kc; (void)a; (void)b; (void)c; (void)ldc; (void)mr; (void)nr; (void)accumulate; }
void ember_dgemm_kernel_avx512(long kc, const double *a, const double *b, double *c, long ldc, long mr, long nr,
                               int accumulate) { (void)kc; (void)a; (void)b; (void)c; (void)ldc; (void)mr; (void)nr; (void)accumulate; }
void ember_sgemm_kernel_avx2(long kc, const float *a, const float *b, float *c, long ldc, long mr, long nr,
                             int accumulate) { (void)kc; (void)a; (void)b; (void)c; (void)ldc; (void)mr; (void)nr; (void)accumulate; }
void ember_dgemm_kernel_avx2(long kc, const double *a, const double *b, double *c, long ldc, long mr, long nr,
                             int accumulate) { (void)kc; (void)a; (void)b; (void)c; (void)ldc; (void)mr; (void)nr; (void)accumulate; }
#endif

// Portable kernels (no SIMD attributes): a 4×8 tile of scalars the compiler may vectorise.
// Same packed layout contract, with MR = 4 and NR = 8.
#define EMBER_GEMM_PORTABLE(NAME, T)                                                                \
    void NAME(long kc, const T *restrict a, const T *restrict b, T *restrict c, long ldc, long mr,  \
              long nr, int accumulate) {                                                            \
        T acc[4][8] = {{0}};                                                                        \
        for (long p = 0; p < kc; p++) {                                                             \
            for (int i = 0; i < 4; i++)                                                             \
                for (int j = 0; j < 8; j++) acc[i][j] += a[i] * b[j];                               \
            a += 4;                                                                                 \
            b += 8;                                                                                 \
        }                                                                                           \
        for (long i = 0; i < mr; i++) {                                                             \
            T *row = c + i * ldc;                                                                   \
            if (accumulate) { for (long j = 0; j < nr; j++) row[j] += acc[i][j]; }                  \
            else { for (long j = 0; j < nr; j++) row[j] = acc[i][j]; }                              \
        }                                                                                           \
    }

EMBER_GEMM_PORTABLE(ember_sgemm_kernel_portable, float)
EMBER_GEMM_PORTABLE(ember_dgemm_kernel_portable, double)
