// The AVX2+FMA variant of the vector math (vmath_body.h), chosen at run time by CPU.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define VM_FMA 1
#define VM_SUFFIX avx2
#include "vmath_body.h"
#pragma clang attribute pop
#endif
