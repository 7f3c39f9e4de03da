// The AVX-512 variant of the vector math (vmath_body.h), chosen at run time by CPU.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,fma"))), apply_to = function)
#define VM_FMA 1
#define VM_SUFFIX avx512
#include "vmath_body.h"
#pragma clang attribute pop
#endif
