// The portable variant of the vector math (vmath_body.h): the baseline ISA, no FMA.
#define VM_FMA 0
#define VM_SUFFIX generic
#include "vmath_body.h"
