// The portable variant of the fused optimizer updates (optim_body.h): 4-wide vectors the
// compiler lowers to whatever the baseline target has (SSE2 on x86-64, NEON on arm64).
#define OPT_WIDTH 4
#define OPT_SUFFIX generic
#include "optim_body.h"
