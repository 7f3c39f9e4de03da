#ifndef EMBER_GEMM_H
#define EMBER_GEMM_H
#include <stddef.h>
// GEMM micro-kernels (issue 5): declared here, defined in gemm_*.c.
#endif
