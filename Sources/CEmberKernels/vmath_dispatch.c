#include "isa_dispatch.h"

// Picks the vector-math variant once per process, by CPU; tests may lower it.
#define VM_DECLARE(s)                                                                        \
    void ember_vbinary_f32_##s(int, const float *, long, const float *, long, float *, long); \
    void ember_vbinary_f64_##s(int, const double *, long, const double *, long, double *, long); \
    void ember_vunary_f32_##s(int, const float *, float *, long);                            \
    void ember_vrelu_grad_f32_##s(const float *, const float *, float *, long);              \
    double ember_vsum_f32_##s(const float *, long);                                          \
    double ember_vsum_f64_##s(const double *, long);
VM_DECLARE(generic)
#if defined(__x86_64__)
VM_DECLARE(avx2)
VM_DECLARE(avx512)
#endif

static int vm_level = -1;

static int detected_level(void) {
#if defined(__x86_64__)
    if (ember_cpu_has_avx512()) return 2;
    if (ember_cpu_has_avx2_fma()) return 1;
#endif
    return 0;
}

int ember_vmath_level(void) {
    int l = __atomic_load_n(&vm_level, __ATOMIC_RELAXED);
    if (l < 0) {
        l = detected_level();
        __atomic_store_n(&vm_level, l, __ATOMIC_RELAXED);
    }
    return l;
}

int ember_vmath_set_level(int level) {
    int previous = ember_vmath_level(), max = detected_level();
    __atomic_store_n(&vm_level, level < 0 ? 0 : (level > max ? max : level), __ATOMIC_RELAXED);
    return previous;
}

void ember_vbinary_f32(int op, const float *a, long sa, const float *b, long sb, float *out, long n) {
    EMBER_ISA_DISPATCH_VOID(ember_vbinary_f32, (op, a, sa, b, sb, out, n))
}
void ember_vbinary_f64(int op, const double *a, long sa, const double *b, long sb, double *out, long n) {
    EMBER_ISA_DISPATCH_VOID(ember_vbinary_f64, (op, a, sa, b, sb, out, n))
}
void ember_vunary_f32(int fn, const float *x, float *out, long n) {
    EMBER_ISA_DISPATCH_VOID(ember_vunary_f32, (fn, x, out, n))
}
void ember_vrelu_grad_f32(const float *g, const float *y, float *out, long n) {
    EMBER_ISA_DISPATCH_VOID(ember_vrelu_grad_f32, (g, y, out, n))
}
void ember_vunary_f32_at(int level, int fn, const float *x, float *out, long n) {
    int max = detected_level();
    switch (level > max ? max : level) {
#if defined(__x86_64__)
    case 2: ember_vunary_f32_avx512(fn, x, out, n); return;
    case 1: ember_vunary_f32_avx2(fn, x, out, n); return;
#endif
    default: ember_vunary_f32_generic(fn, x, out, n); return;
    }
}

double ember_vsum_f32(const float *x, long n) { EMBER_ISA_DISPATCH(ember_vsum_f32, (x, n)) }
double ember_vsum_f64(const double *x, long n) { EMBER_ISA_DISPATCH(ember_vsum_f64, (x, n)) }
