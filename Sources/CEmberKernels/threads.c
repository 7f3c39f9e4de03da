#define _GNU_SOURCE
#include "CEmberKernels.h"
#if defined(__linux__)
#include <sched.h>
#endif
#include <unistd.h>

// The cores this process may run on: a container's CPU set, not the host's core count.
int ember_cpu_count(void) {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

long ember_atomic_fetch_add(long *p, long delta) {
    return __atomic_fetch_add(p, delta, __ATOMIC_ACQ_REL);
}

long ember_atomic_load(const long *p) {
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

void ember_atomic_store(long *p, long value) {
    __atomic_store_n(p, value, __ATOMIC_RELEASE);
}

void ember_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}
