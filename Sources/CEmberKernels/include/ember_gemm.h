#ifndef EMBER_GEMM_H
#define EMBER_GEMM_H
#include <stddef.h>
// GEMM micro-kernels (issue 5), defined in gemm_kernels.c; the Swift driver (GemmDriver.swift)
// packs, blocks, threads and picks one with ember_cpu_has_avx512 / ember_cpu_has_avx2_fma.
//
// Each computes C[0..<mr, 0..<nr] = (or += when accumulate != 0) sum over p < kc of
// A[p*MR + i] * B[p*NR + j]: A packed as kc steps of MR rows, B as kc steps of NR columns,
// both zero-padded to full MR/NR. C has unit column stride and row stride ldc.
//   avx512: float MR=14 NR=32, double MR=14 NR=16   (28 zmm accumulators)
//   avx2:   float MR=6  NR=16, double MR=6  NR=8    (12 ymm accumulators)
//   portable: MR=4 NR=8 for both
void ember_sgemm_kernel_avx512(long kc, const float *a, const float *b, float *c, long ldc, long mr, long nr, int accumulate);
void ember_dgemm_kernel_avx512(long kc, const double *a, const double *b, double *c, long ldc, long mr, long nr, int accumulate);
void ember_sgemm_kernel_avx2(long kc, const float *a, const float *b, float *c, long ldc, long mr, long nr, int accumulate);
void ember_dgemm_kernel_avx2(long kc, const double *a, const double *b, double *c, long ldc, long mr, long nr, int accumulate);
void ember_sgemm_kernel_portable(long kc, const float *a, const float *b, float *c, long ldc, long mr, long nr, int accumulate);
void ember_dgemm_kernel_portable(long kc, const double *a, const double *b, double *c, long ldc, long mr, long nr, int accumulate);
/// Packs a GEMM panel of B from a transposed operand: dst[p*nr + c] = src[c*cs + p] for
/// p < kc, c < cols, zeros up to nr (pack_kernels.c; AVX-512 transposes 16x16 blocks).
void ember_pack_bt_f32(const float *src, long cs, long kc, long cols, long nr, float *dst);
#endif
