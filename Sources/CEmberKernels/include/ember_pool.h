#ifndef EMBER_POOL_H
#define EMBER_POOL_H
#include <stdint.h>
// Max pooling over one [H, W] plane (Backend/CPU+MaxPool.swift), in portable C: the window's
// first maximum in PyTorch's (h, w) order, a NaN winning (and the last NaN's index kept).

/// The geometry of a 2-D max pool, with the per-kernel-column tables the caller computes
/// once: output columns [j_lo[kj], j_hi[kj]) have their input column inside the plane, and
/// first_w[j] is output column j's first in-plane input column.
typedef struct {
    long height, width, row_stride, col_stride;
    long kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    long out_h, out_w;
    const long *j_lo, *j_hi, *first_w;
} ember_pool_geometry;

/// Maxima of one plane into `out` (out_h * out_w) and their flat `h * W + w` indices.
void ember_maxpool2d_plane_f32(const ember_pool_geometry *g, const float *x, float *out, int64_t *index);
void ember_maxpool2d_plane_f64(const ember_pool_geometry *g, const double *x, double *out, int64_t *index);
#endif
