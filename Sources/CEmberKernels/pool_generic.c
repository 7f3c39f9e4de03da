// The portable variant of the max-pool plane loop (pool_body.h).
#define POOL_SUFFIX generic
#include "pool_body.h"
