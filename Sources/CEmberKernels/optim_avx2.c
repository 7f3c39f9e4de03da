// The AVX2 variant of the fused optimizer updates (optim_body.h), chosen at run time.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define OPT_WIDTH 8
#define OPT_SUFFIX avx2
#include "optim_body.h"
#pragma clang attribute pop
#endif
