// CPU kernels of local response normalisation across channels (GoogLeNet's LRN), forward and
// backward, for NCHW and channels-last (NHWC) tensors in float32, float64 and bfloat16.
//
// PyTorch's F.local_response_norm builds LRN from a 5-D view, a pad, avg_pool3d, pow and div:
// seven passes over memory forward and more backward, very slow on channels-last tensors, and
// with no bfloat16 avg_pool3d on the CPU. These kernels do it in one pass each way.
//
//   s_c = sum of x_j^2 for j in [c - size/2, c + (size-1)/2]   (channels outside are 0)
//   d_c = k + alpha / size * s_c,   y_c = x_c * d_c^-beta
//   dx_i = dy_i * d_i^-beta - 2 alpha beta / size * x_i * sum over c with i in window(c) of dy_c x_c d_c^(-beta-1)
//
// No Torch headers here: the file is compiled for several instruction sets (function
// multi-versioning) and must not carry Torch's inline functions with it. Arithmetic is in float32
// for float32 and bfloat16 data (bfloat16 results rounded to nearest even), in float64 for float64.
#pragma once
#include <cstdint>

#include "dream/ops/element_type.h"

namespace livedream::dream::kernels {

struct LrnParams {
  int64_t size = 5;
  double alpha = 1e-4, beta = 0.75, k = 1.0;
};

// Channels-last: pixels [p0, p1) of a row-major (pixels, C) array.
void lrn_forward_nhwc(ElementType type, const void* x, void* y, int64_t channels, int64_t p0, int64_t p1, const LrnParams& params);
void lrn_backward_nhwc(ElementType type, const void* x, const void* dy, void* dx, int64_t channels, int64_t p0, int64_t p1,
                       const LrnParams& params);

// NCHW: pixels [p0, p1) of one image, a row-major (C, hw) array.
void lrn_forward_nchw(ElementType type, const void* x, void* y, int64_t channels, int64_t hw, int64_t p0, int64_t p1,
                      const LrnParams& params);
void lrn_backward_nchw(ElementType type, const void* x, const void* dy, void* dx, int64_t channels, int64_t hw, int64_t p0, int64_t p1,
                       const LrnParams& params);

}  // namespace livedream::dream::kernels
