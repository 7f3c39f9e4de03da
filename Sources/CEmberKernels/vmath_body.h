// The vector-math kernels, written once with clang vector types and included by
// vmath_avx512.c, vmath_avx2.c and vmath_generic.c, each compiling it for its own target
// (VM_FMA: whether fused multiply-add is available; VM_SUFFIX: the variant's name).
#pragma clang diagnostic ignored "-Wpsabi"  // static always-inline helpers: no ABI is crossed
#include <string.h>
#include "ember_vmath.h"

#define VM_CAT2(a, b) a##_##b
#define VM_CAT(a, b) VM_CAT2(a, b)
#define VM_EXPORT(name) VM_CAT(name, VM_SUFFIX)
#define VM_INLINE static inline __attribute__((always_inline))

typedef float vf __attribute__((vector_size(64)));
typedef int vi __attribute__((vector_size(64)));
typedef double vd __attribute__((vector_size(64)));
typedef double vd16 __attribute__((vector_size(128)));
typedef long vl __attribute__((vector_size(64)));
typedef float vf_u __attribute__((vector_size(64), aligned(4)));
typedef double vd_u __attribute__((vector_size(64), aligned(8)));
enum { VF = 16, VD = 8 };

#if VM_FMA
#define FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define FMA(a, b, c) ((a) * (b) + (c))
#endif

VM_INLINE vf splat(float v) { return (vf){} + v; }
VM_INLINE vf vsel(vi m, vf a, vf b) { return (vf)(((vi)a & m) | ((vi)b & ~m)); }
VM_INLINE vf vabs(vf x) { return (vf)((vi)x & 0x7fffffff); }

// exp: Cody-Waite reduction x = n ln2 + r, Cephes' degree-6 polynomial, and 2^n applied in
// two halves so results that are subnormal round once, from a normal intermediate.
VM_INLINE vf exp_v(vf x) {
    x = vsel(x > 89.0f, splat(89.0f), x);
    x = vsel(x < -104.0f, splat(-104.0f), x);  // NaN fails both tests and stays NaN
    const float magic = 12582912.0f;           // 1.5 * 2^23: adding it rounds to an integer
    vf n = FMA(x, splat(1.44269504088896341f), splat(magic)) - magic;
    vf r = FMA(n, splat(-0.693359375f), x);
    r = FMA(n, splat(2.12194440e-4f), r);
    vf p = splat(1.9875691500e-4f);
    p = FMA(p, r, splat(1.3981999507e-3f));
    p = FMA(p, r, splat(8.3334519073e-3f));
    p = FMA(p, r, splat(4.1665795894e-2f));
    p = FMA(p, r, splat(1.6666665459e-1f));
    p = FMA(p, r, splat(5.0000001201e-1f));
    p = FMA(p, r * r, r) + 1.0f;
    vi ni = __builtin_convertvector(n, vi);
    vi n1 = ni >> 1, n2 = ni - n1;
    return p * (vf)((n1 + 127) << 23) * (vf)((n2 + 127) << 23);
}

// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), Cephes' polynomial in m - 1.
VM_INLINE vf log_v(vf x) {
    vi den = x < 1.17549435e-38f;  // subnormals (and <= 0, fixed below) are scaled by 2^23
    vf xs = vsel(den, x * 8388608.0f, x);
    vi bits = (vi)xs;
    vi e = ((bits >> 23) & 0xff) - 126 - (den & 23);
    vf m = (vf)((bits & 0x007fffff) | 0x3f000000);  // [0.5, 1)
    vi small = m < 0.707106781186547524f;
    e = e + small;  // small is -1 where true
    vf f = vsel(small, m + m, m) - 1.0f;
    vf ef = __builtin_convertvector(e, vf);
    vf z = f * f;
    vf p = splat(7.0376836292e-2f);
    p = FMA(p, f, splat(-1.1514610310e-1f));
    p = FMA(p, f, splat(1.1676998740e-1f));
    p = FMA(p, f, splat(-1.2420140846e-1f));
    p = FMA(p, f, splat(1.4249322787e-1f));
    p = FMA(p, f, splat(-1.6668057665e-1f));
    p = FMA(p, f, splat(2.0000714765e-1f));
    p = FMA(p, f, splat(-2.4999993993e-1f));
    p = FMA(p, f, splat(3.3333331174e-1f));
    vf y = p * f * z;
    y = FMA(ef, splat(-2.12194440e-4f), y);
    y = FMA(z, splat(-0.5f), y);
    vf r = FMA(ef, splat(0.693359375f), f + y);
    const float inf = __builtin_inff();
    r = vsel(x == 0.0f, splat(-inf), r);
    r = vsel(x < 0.0f, splat(__builtin_nanf("")), r);
    r = vsel(x == inf, splat(inf), r);
    return vsel(x != x, x, r);
}

// tanh: an odd polynomial below 0.625 (Cephes), 1 - 2 / (exp(2|x|) + 1) above.
VM_INLINE vf tanh_v(vf x) {
    vf ax = vabs(x);
    vf e = exp_v(ax + ax);
    vf big = 1.0f - 2.0f / (e + 1.0f);
    big = (vf)((vi)big | ((vi)x & (int)0x80000000));
    vf z = x * x;
    vf p = splat(-5.70498872745e-3f);
    p = FMA(p, z, splat(2.06390887954e-2f));
    p = FMA(p, z, splat(-5.37397155531e-2f));
    p = FMA(p, z, splat(1.33314422036e-1f));
    p = FMA(p, z, splat(-3.33332819422e-1f));
    vf small = FMA(p * z, x, x);
    small = (vf)(((vi)small & 0x7fffffff) | ((vi)x & (int)0x80000000));  // tanh(-0) is -0
    return vsel(ax > 0.625f, big, small);
}

// sigmoid: e = exp(-|x|) never overflows, so tiny results keep their subnormal values.
VM_INLINE vf sigmoid_v(vf x) {
    vf e = exp_v(-vabs(x));
    return vsel(x >= 0.0f, splat(1.0f), e) / (1.0f + e);
}

// relu: x < 0 ? 0 : x, so NaN and -0.0 pass through as in PyTorch's clamp_min.
VM_INLINE vf relu_v(vf x) { return vsel(x < 0.0f, splat(0.0f), x); }

VM_INLINE vf apply_fn(int fn, vf x) {
    switch (fn) {
    case EMBER_VFN_EXP: return exp_v(x);
    case EMBER_VFN_LOG: return log_v(x);
    case EMBER_VFN_TANH: return tanh_v(x);
    case EMBER_VFN_RELU: return relu_v(x);
    default: return sigmoid_v(x);
    }
}

#define VM_UNARY_LOOP(FN)                                                                   \
    for (; i + VF <= n; i += VF) *(vf_u *)(out + i) = FN(*(const vf_u *)(x + i));            \
    if (i < n) { /* the tail runs through the same vector code, from a padded copy */       \
        vf t = splat(1.0f);                                                                  \
        memcpy(&t, x + i, (size_t)(n - i) * sizeof(float));                                 \
        t = FN(t);                                                                           \
        memcpy(out + i, &t, (size_t)(n - i) * sizeof(float));                               \
    }

void VM_EXPORT(ember_vunary_f32)(int fn, const float *x, float *out, long n) {
    long i = 0;
    switch (fn) {
    case EMBER_VFN_EXP: VM_UNARY_LOOP(exp_v) break;
    case EMBER_VFN_LOG: VM_UNARY_LOOP(log_v) break;
    case EMBER_VFN_TANH: VM_UNARY_LOOP(tanh_v) break;
    case EMBER_VFN_RELU: VM_UNARY_LOOP(relu_v) break;
    default: VM_UNARY_LOOP(sigmoid_v) break;
    }
}

void VM_EXPORT(ember_vrelu_grad_f32)(const float *g, const float *y, float *out, long n) {
    long i = 0;
    for (; i + VF <= n; i += VF) {
        vf gv = *(const vf_u *)(g + i), yv = *(const vf_u *)(y + i);
        *(vf_u *)(out + i) = vsel(yv <= 0.0f, splat(0.0f), gv);
    }
    for (; i < n; i++) out[i] = y[i] <= 0.0f ? 0.0f : g[i];
}

// Binary loops: a and b are each contiguous (stride 1) or one scalar (stride 0).
#define VM_BIN_LOOP(T, VT, VTU, W, EXPR)                                                    \
    if (sa && sb) {                                                                          \
        for (; i + W <= n; i += W) {                                                         \
            VT x = *(const VTU *)(a + i), y = *(const VTU *)(b + i);                         \
            *(VTU *)(out + i) = EXPR;                                                        \
        }                                                                                    \
        for (; i < n; i++) { T x = a[i], y = b[i]; out[i] = EXPR; }                          \
    } else if (sa) {                                                                         \
        T ys = b[0];                                                                         \
        for (; i + W <= n; i += W) {                                                         \
            VT x = *(const VTU *)(a + i), y = (VT){} + ys;                                   \
            *(VTU *)(out + i) = EXPR;                                                        \
        }                                                                                    \
        for (; i < n; i++) { T x = a[i], y = ys; out[i] = EXPR; }                            \
    } else if (sb) {                                                                         \
        T xs = a[0];                                                                         \
        for (; i + W <= n; i += W) {                                                         \
            VT x = (VT){} + xs, y = *(const VTU *)(b + i);                                   \
            *(VTU *)(out + i) = EXPR;                                                        \
        }                                                                                    \
        for (; i < n; i++) { T x = xs, y = b[i]; out[i] = EXPR; }                            \
    } else {                                                                                 \
        T x = a[0], y = b[0], v = EXPR;                                                      \
        for (; i < n; i++) out[i] = v;                                                       \
    }

#define VM_BINARY(NAME, T, VT, VTU, W)                                                      \
    void VM_EXPORT(NAME)(int op, const T *a, long sa, const T *b, long sb, T *out, long n) { \
        long i = 0;                                                                          \
        switch (op) {                                                                        \
        case EMBER_VOP_ADD: VM_BIN_LOOP(T, VT, VTU, W, x + y) break;                         \
        case EMBER_VOP_SUB: VM_BIN_LOOP(T, VT, VTU, W, x - y) break;                         \
        case EMBER_VOP_MUL: VM_BIN_LOOP(T, VT, VTU, W, x * y) break;                         \
        default: VM_BIN_LOOP(T, VT, VTU, W, x / y) break;                                    \
        }                                                                                    \
    }

VM_BINARY(ember_vbinary_f32, float, vf, vf_u, VF)
VM_BINARY(ember_vbinary_f64, double, vd, vd_u, VD)

// float sums: float lanes over chunks of 16 vectors (four accumulators, four adds per lane,
// combined pairwise), each chunk's lanes then added in double. One add per vector instead of
// two conversions and two adds (measured 15-20% faster, memory-bound at two threads); the
// float part of each lane is four terms, so the accuracy is that of double accumulation for
// practical purposes. Combined in a fixed order at the end.
double VM_EXPORT(ember_vsum_f32)(const float *x, long n) {
    vd16 acc = {};
    long i = 0;
    for (; i + 16 * VF <= n; i += 16 * VF) {
        vf a0 = {}, a1 = {}, a2 = {}, a3 = {};
        for (int k = 0; k < 16 * VF; k += 4 * VF) {
            a0 += *(const vf_u *)(x + i + k);
            a1 += *(const vf_u *)(x + i + k + VF);
            a2 += *(const vf_u *)(x + i + k + 2 * VF);
            a3 += *(const vf_u *)(x + i + k + 3 * VF);
        }
        acc += __builtin_convertvector((a0 + a1) + (a2 + a3), vd16);
    }
    for (; i < n; i += VF) {
        vf t = {};
        long k = n - i < VF ? n - i : VF;
        memcpy(&t, x + i, (size_t)k * sizeof(float));
        acc += __builtin_convertvector(t, vd16);
    }
    double total = 0;
    for (int k = 0; k < 2 * VD; k++) total += acc[k];
    return total;
}

double VM_EXPORT(ember_vsum_f64)(const double *x, long n) {
    vd acc0 = {}, acc1 = {}, acc2 = {}, acc3 = {};
    long i = 0;
    for (; i + 4 * VD <= n; i += 4 * VD) {
        acc0 += *(const vd_u *)(x + i);
        acc1 += *(const vd_u *)(x + i + VD);
        acc2 += *(const vd_u *)(x + i + 2 * VD);
        acc3 += *(const vd_u *)(x + i + 3 * VD);
    }
    for (; i < n; i += VD) {
        vd t = {};
        long k = n - i < VD ? n - i : VD;
        memcpy(&t, x + i, (size_t)k * sizeof(double));
        acc0 += t;
    }
    vd s = (acc0 + acc1) + (acc2 + acc3);
    double total = 0;
    for (int k = 0; k < VD; k++) total += s[k];
    return total;
}
