#ifndef EMBER_VMATH_H
#define EMBER_VMATH_H
#include <stddef.h>
// Vectorised elementwise and reduction kernels, defined in vmath_*.c. Each entry point picks
// the AVX-512, AVX2+FMA or portable variant once, by CPU (no compiler flags needed).

/// Binary ops of `ember_vbinary_*`.
enum { EMBER_VOP_ADD = 0, EMBER_VOP_SUB = 1, EMBER_VOP_MUL = 2, EMBER_VOP_DIV = 3 };
/// Unary functions of `ember_vunary_*`.
enum { EMBER_VFN_EXP = 0, EMBER_VFN_LOG = 1, EMBER_VFN_TANH = 2, EMBER_VFN_SIGMOID = 3, EMBER_VFN_RELU = 4 };

/// out[i] = a[i*sa] op b[i*sb] for i < n; sa and sb are 1 (contiguous) or 0 (a scalar).
void ember_vbinary_f32(int op, const float *a, long sa, const float *b, long sb, float *out, long n);
void ember_vbinary_f64(int op, const double *a, long sa, const double *b, long sb, double *out, long n);
/// out[i] = fn(x[i]) on contiguous data; within a few ULP of libm (float32).
void ember_vunary_f32(int fn, const float *x, float *out, long n);
/// ReLU's backward (PyTorch's threshold_backward at 0): out[i] = y[i] <= 0 ? 0 : g[i], where
/// y is ReLU's output (a NaN output passes the gradient through).
void ember_vrelu_grad_f32(const float *g, const float *y, float *out, long n);
/// The sum of n contiguous values in a fixed lane order (deterministic for a given n,
/// whatever the alignment): float32 in chunks of four terms per lane, then double.
double ember_vsum_f32(const float *x, long n);
double ember_vsum_f64(const double *x, long n);

/// The variant in use: 2 AVX-512, 1 AVX2+FMA, 0 portable. `set` clamps to what the CPU has
/// and returns the previous level (tests run every variant).
int ember_vmath_level(void);
int ember_vmath_set_level(int level);
/// `ember_vunary_f32` with an explicit variant (clamped to what the CPU has), on the calling
/// thread: tests compare every variant without touching the process-wide choice.
void ember_vunary_f32_at(int level, int fn, const float *x, float *out, long n);
#endif
