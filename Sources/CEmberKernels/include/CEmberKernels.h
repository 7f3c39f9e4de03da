#ifndef CEMBER_KERNELS_H
#define CEMBER_KERNELS_H
#include <stddef.h>

/// Whether this CPU can run the AVX-512 kernels (checked once at run time).
int ember_cpu_has_avx512(void);
/// Whether this CPU can run the AVX2+FMA kernels.
int ember_cpu_has_avx2_fma(void);



/// Live-object counters for leak checks (atomic; a few nanoseconds per object).
void ember_count_add(int which, long delta);
long ember_count_get(int which);
#endif
