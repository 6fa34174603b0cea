// CPU kernels of 2-D max pooling on channels-last (NHWC) tensors, forward and backward, in
// float32, float64 and bfloat16, the same windows, ceil mode, padding, tie-breaking (first
// maximum in scan order) and NaN handling as LibTorch's max_pool2d.
//
// LibTorch's max_pool2d keeps the argmax of every output as an int64 (four times the size of a
// bfloat16 output) and scatters the gradient back. Here the argmax is one byte (its offset in the
// window) and the backward pass gathers: each input pixel sums the outputs whose maximum it was,
// vectorised across channels, without a zero-filled buffer or write conflicts.
// No Torch headers here, for the same reason as lrn_kernels.h.
#pragma once
#include <cstdint>

#include "dream/ops/element_type.h"

namespace livedream::dream::kernels {

struct PoolShape {
  int64_t channels, in_h, in_w, out_h, out_w;
  int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;
};

// One image: output rows [row0, row1). `codes` (may be null when no gradient is needed) gets
// each output's argmax as ky * kernel_w + kx.
void max_pool_forward_nhwc(ElementType type, const void* x, void* y, uint8_t* codes, const PoolShape& shape, int64_t row0, int64_t row1);
// One image: input rows [row0, row1) of the gradient.
void max_pool_backward_nhwc(ElementType type, const void* dy, const uint8_t* codes, void* dx, const PoolShape& shape, int64_t row0,
                            int64_t row1);

}  // namespace livedream::dream::kernels
