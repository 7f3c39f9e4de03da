// Adam's fused update (FusedOptimizers.swift), written once and compiled per instruction set
// by optim_{avx512,avx2,generic}.c. Every operation is a separate IEEE add, mul, div or sqrt,
// in the order of the optimizer's tensor-op path, with no FMA contraction: the results are
// bit-identical to that path and to each other whatever the variant (sqrt and div are
// correctly rounded in vector and scalar form alike).
#pragma clang fp contract(off)

#define OPT_CAT2(a, b) a##_##b
#define OPT_CAT(a, b) OPT_CAT2(a, b)

#define OPT_ADAM(T, VT, W, NAME)                                                                 \
    void OPT_CAT(NAME, OPT_SUFFIX)(long n, T *p, const T *g, T *m, T *v, T w, int small, T omw,    \
                                   T b2, T c2, T bc2, T eps, T step) {                          \
        long i = 0;                                                                             \
        if (W > 1) {                                                                            \
            for (; i + W <= n; i += W) {                                                        \
                VT gi, mi, vi, pi;                                                              \
                __builtin_memcpy(&gi, g + i, sizeof gi);                                        \
                __builtin_memcpy(&mi, m + i, sizeof mi);                                        \
                __builtin_memcpy(&vi, v + i, sizeof vi);                                        \
                __builtin_memcpy(&pi, p + i, sizeof pi);                                        \
                mi = small ? mi + (gi - mi) * w : gi - (gi - mi) * omw;                         \
                vi = vi * b2 + (gi * c2) * gi;                                                  \
                pi = pi + (mi * step) / (__builtin_elementwise_sqrt(vi) / bc2 + eps);           \
                __builtin_memcpy(m + i, &mi, sizeof mi);                                        \
                __builtin_memcpy(v + i, &vi, sizeof vi);                                        \
                __builtin_memcpy(p + i, &pi, sizeof pi);                                        \
            }                                                                                   \
        }                                                                                       \
        for (; i < n; i++) {                                                                    \
            T gi = g[i], mi = small ? m[i] + (g[i] - m[i]) * w : g[i] - (g[i] - m[i]) * omw;   \
            T vi = v[i] * b2 + (gi * c2) * gi;                                                  \
            m[i] = mi;                                                                          \
            v[i] = vi;                                                                          \
            p[i] = p[i] + (mi * step) / (__builtin_elementwise_sqrt(vi) / bc2 + eps);           \
        }                                                                                       \
    }

typedef float opt_vf32 __attribute__((ext_vector_type(OPT_WIDTH)));
typedef double opt_vf64 __attribute__((ext_vector_type(OPT_WIDTH / 2 > 0 ? OPT_WIDTH / 2 : 1)));

OPT_ADAM(float, opt_vf32, OPT_WIDTH, ember_adam_f32)
OPT_ADAM(double, opt_vf64, OPT_WIDTH / 2, ember_adam_f64)
