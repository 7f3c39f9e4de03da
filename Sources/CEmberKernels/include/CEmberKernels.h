#ifndef CEMBER_KERNELS_H
#define CEMBER_KERNELS_H
#include <stddef.h>
#include "ember_gemm.h"
#include "ember_vmath.h"
#include "ember_optim.h"
#include "ember_random.h"
#include "ember_pool.h"

/// Whether this CPU can run the AVX-512 kernels (checked once at run time).
int ember_cpu_has_avx512(void);
/// Whether this CPU can run the AVX2+FMA kernels.
int ember_cpu_has_avx2_fma(void);


/// The cores this process may use (its CPU affinity set on Linux).
int ember_cpu_count(void);
/// Atomics for the thread pool (Swift's `Synchronization` needs macOS 15).
long ember_atomic_fetch_add(long *p, long delta);
long ember_atomic_load(const long *p);
void ember_atomic_store(long *p, long value);
void ember_cpu_relax(void);

/// Live-object counters for leak checks (atomic; a few nanoseconds per object).
void ember_count_add(int which, long delta);
long ember_count_get(int which);
#endif
