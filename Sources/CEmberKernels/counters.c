#include "CEmberKernels.h"
#include <pthread.h>
#include <stdlib.h>

// Live-object counters (MemoryDiagnostics). Every tensor, node and storage counts itself in
// and out, several times per op: a locked add each would be ~5% of a recorded op. Each thread
// instead keeps its own counts (only it writes them: plain stores, read atomically by
// others), a reader sums every thread's, and a thread that exits folds its counts into
// `retired`.

typedef struct Slot {
    long counts[4];
    struct Slot *next, *prev;
} Slot;

static long retired[4];
static Slot *slots;
static pthread_mutex_t slotsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t exitKey;
static pthread_once_t keyOnce = PTHREAD_ONCE_INIT;
static __thread Slot *mine;

static void retire(void *raw) {
    Slot *slot = raw;
    pthread_mutex_lock(&slotsLock);
    for (int i = 0; i < 4; i++) __atomic_fetch_add(&retired[i], __atomic_load_n(&slot->counts[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
    if (slot->prev) slot->prev->next = slot->next; else slots = slot->next;
    if (slot->next) slot->next->prev = slot->prev;
    pthread_mutex_unlock(&slotsLock);
    mine = NULL;
    free(slot);
}

static void makeKey(void) { pthread_key_create(&exitKey, retire); }

static Slot *join(void) {
    Slot *slot = calloc(1, sizeof(Slot));
    if (!slot) abort();
    pthread_once(&keyOnce, makeKey);
    pthread_mutex_lock(&slotsLock);
    slot->next = slots;
    if (slots) slots->prev = slot;
    slots = slot;
    pthread_mutex_unlock(&slotsLock);
    pthread_setspecific(exitKey, slot);
    mine = slot;
    return slot;
}

void ember_count_add(int which, long delta) {
    Slot *slot = mine ? mine : join();
    long *c = &slot->counts[which & 3];
    __atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + delta, __ATOMIC_RELAXED);
}

long ember_count_get(int which) {
    pthread_mutex_lock(&slotsLock);
    long total = __atomic_load_n(&retired[which & 3], __ATOMIC_RELAXED);
    for (Slot *s = slots; s; s = s->next) total += __atomic_load_n(&s->counts[which & 3], __ATOMIC_RELAXED);
    pthread_mutex_unlock(&slotsLock);
    return total;
}
