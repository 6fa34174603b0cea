// What a reduced-precision network needs around it to compute the same dream as float32: the
// dtype its reductions run in, and the loss scale of float16.
//
// float16 has float32's precision problem and a range problem of its own: its largest number is
// 65504 and its smallest normal one 6.1e-5. A mean square of activations above 256 overflows, and
// the gradient of a mean over N activations is 1/N per activation (2e-6 for inception_4c at 512
// px), which flushes to zero on its way back through the network (3.9% of the input gradient at
// inception_5b, 512 px). So the loss and the guide's dot products run in float32, and the float16
// backward pass starts from the loss times kFloat16LossScale (a power of two: exact to undo),
// divided out of the input gradient before it is normalised. bfloat16 has float32's range and
// needs no scale; float32 and float64 are left exactly as they are.
#pragma once
#include <torch/types.h>

namespace livedream::dream {

// Lifts float16 gradients at the objective's layer from 1/N to 256/N: out of the subnormal range
// for up to ~4M activations (inception_4c at 1920x1080), far from overflow for any size.
constexpr double kFloat16LossScale = 256.0;

// float32 for float16 and bfloat16 tensors (losses, dot products), else the dtype itself.
inline torch::ScalarType reduction_dtype(torch::ScalarType compute) {
  return compute == torch::kFloat16 || compute == torch::kBFloat16 ? torch::kFloat32 : compute;
}

// The factor the loss is multiplied by before the backward pass of a network computing in `compute`.
inline double loss_scale(torch::ScalarType compute) { return compute == torch::kFloat16 ? kFloat16LossScale : 1.0; }

}  // namespace livedream::dream
