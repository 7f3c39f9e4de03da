// The AVX-512 variant of the fused optimizer updates (optim_body.h), chosen at run time.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl"))), apply_to = function)
#define OPT_WIDTH 16
#define OPT_SUFFIX avx512
#include "optim_body.h"
#pragma clang attribute pop
#endif
