// The AVX2 variant of the max-pool plane loop (pool_body.h), chosen at run time.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define POOL_SUFFIX avx2
#include "pool_body.h"
#pragma clang attribute pop
#endif
