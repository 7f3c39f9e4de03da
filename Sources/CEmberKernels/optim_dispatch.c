#include "isa_dispatch.h"

// Picks the fused-optimizer variant by the same CPU level as the vector math.
#define OPT_DECLARE(s)                                                                          \
    void ember_adam_f32_##s(long, float *, const float *, float *, float *, float, int, float,   \
                            float, float, float, float, float);                                 \
    void ember_adam_f64_##s(long, double *, const double *, double *, double *, double, int,     \
                            double, double, double, double, double, double);
OPT_DECLARE(generic)
#if defined(__x86_64__)
OPT_DECLARE(avx2)
OPT_DECLARE(avx512)
#endif

void ember_adam_f32(long n, float *p, const float *g, float *m, float *v, float w, int small, float omw,
                    float b2, float c2, float bc2, float eps, float step) {
    EMBER_ISA_DISPATCH_VOID(ember_adam_f32, (n, p, g, m, v, w, small, omw, b2, c2, bc2, eps, step))
}
void ember_adam_f64(long n, double *p, const double *g, double *m, double *v, double w, int small, double omw,
                    double b2, double c2, double bc2, double eps, double step) {
    EMBER_ISA_DISPATCH_VOID(ember_adam_f64, (n, p, g, m, v, w, small, omw, b2, c2, bc2, eps, step))
}
