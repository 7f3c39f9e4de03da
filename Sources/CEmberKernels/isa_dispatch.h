// The switch for the C kernels that come in AVX-512, AVX2 and portable variants (name##_avx512,
// name##_avx2, name##_generic): picks by the CPU level the vector math detected once.
#ifndef EMBER_ISA_DISPATCH_H
#define EMBER_ISA_DISPATCH_H
#include "CEmberKernels.h"
#if defined(__x86_64__)
#define EMBER_ISA_DISPATCH(fn, args)                                                            \
    switch (ember_vmath_level()) {                                                              \
    case 2: return fn##_avx512 args;                                                            \
    case 1: return fn##_avx2 args;                                                              \
    default: return fn##_generic args;                                                          \
    }
#define EMBER_ISA_DISPATCH_VOID(fn, args)                                                       \
    switch (ember_vmath_level()) {                                                              \
    case 2: fn##_avx512 args; return;                                                           \
    case 1: fn##_avx2 args; return;                                                             \
    default: fn##_generic args; return;                                                         \
    }
#else
#define EMBER_ISA_DISPATCH(fn, args) return fn##_generic args;
#define EMBER_ISA_DISPATCH_VOID(fn, args) fn##_generic args;
#endif
#endif
