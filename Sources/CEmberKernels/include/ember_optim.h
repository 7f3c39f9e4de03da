#ifndef EMBER_OPTIM_H
#define EMBER_OPTIM_H
// Fused optimizer updates (optim_*.c), one pass over a parameter and its state. Each picks
// the AVX-512, AVX2 or portable variant by CPU (ember_vmath_level); all give the same bits.

/// Adam on n contiguous elements: m = small ? m + (g - m)·w : g - (g - m)·omw;
/// v = v·b2 + (g·c2)·g; p = p + (m·step) / (sqrt(v) / bc2 + eps).
void ember_adam_f32(long n, float *p, const float *g, float *m, float *v, float w, int small, float omw,
                    float b2, float c2, float bc2, float eps, float step);
void ember_adam_f64(long n, double *p, const double *g, double *m, double *v, double w, int small, double omw,
                    double b2, double c2, double bc2, double eps, double step);
#endif
