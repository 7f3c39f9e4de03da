#include "isa_dispatch.h"

// Picks the max-pool variant by the same CPU level as the vector math.
#define POOL_DECLARE(s)                                                                         \
    void ember_maxpool2d_plane_f32_##s(const ember_pool_geometry *, const float *, float *, int64_t *); \
    void ember_maxpool2d_plane_f64_##s(const ember_pool_geometry *, const double *, double *, int64_t *);
POOL_DECLARE(generic)
#if defined(__x86_64__)
POOL_DECLARE(avx2)
POOL_DECLARE(avx512)
#endif

void ember_maxpool2d_plane_f32(const ember_pool_geometry *g, const float *x, float *out, int64_t *index) {
    EMBER_ISA_DISPATCH_VOID(ember_maxpool2d_plane_f32, (g, x, out, index))
}
void ember_maxpool2d_plane_f64(const ember_pool_geometry *g, const double *x, double *out, int64_t *index) {
    EMBER_ISA_DISPATCH_VOID(ember_maxpool2d_plane_f64, (g, x, out, index))
}
