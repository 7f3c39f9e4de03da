#include "CEmberKernels.h"

static long ember_counts[4];

void ember_count_add(int which, long delta) {
    __atomic_fetch_add(&ember_counts[which & 3], delta, __ATOMIC_RELAXED);
}

long ember_count_get(int which) {
    return __atomic_load_n(&ember_counts[which & 3], __ATOMIC_RELAXED);
}
