// The AVX-512 variant of the max-pool plane loop (pool_body.h), chosen at run time.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl"))), apply_to = function)
#define POOL_SUFFIX avx512
#include "pool_body.h"
#pragma clang attribute pop
#endif
