// What the Torch-side ops (lrn_op.cpp, max_pool_op.cpp, s2d_conv_op.cpp) share to hand tensors to
// the CPU kernels: the kernels' element type of a tensor, its memory layout and the work grain.
#pragma once
#include <torch/types.h>

#include <cstdint>

#include "dream/ops/element_type.h"

namespace livedream::dream::ops {

// The kernels' element type for x's dtype; false when the kernels do not handle that dtype.
inline bool kernel_element_type(const torch::Tensor& x, kernels::ElementType& type) {
  switch (x.scalar_type()) {
    case torch::kFloat32: type = kernels::ElementType::Float32; return true;
    case torch::kFloat64: type = kernels::ElementType::Float64; return true;
    case torch::kBFloat16: type = kernels::ElementType::BFloat16; return true;
    default: return false;
  }
}

// Channels-last when the tensor is laid out so (and not also plain contiguous, as when C == 1).
inline bool channels_last(const torch::Tensor& x) { return !x.is_contiguous() && x.is_contiguous(torch::MemoryFormat::ChannelsLast); }

// Work units for at::parallel_for: about this many channel values per task.
constexpr int64_t kGrainValues = 32768;

}  // namespace livedream::dream::ops
