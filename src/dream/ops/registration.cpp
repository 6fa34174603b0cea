#include "dream/ops/registration.h"

#include <torch/library.h>

#include "dream/fast_ops.h"

namespace livedream::dream::ops {
namespace {

// The operators' implementations, under names of their own for TORCH_FN.
torch::Tensor conv2d_op(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b, c10::IntArrayRef stride,
                        c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
  return dream::conv2d(x, w, b, stride, padding, dilation, groups);
}

torch::Tensor max_pool2d_op(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                            c10::IntArrayRef dilation, bool ceil_mode) {
  return dream::max_pool2d(x, kernel, stride, padding, dilation, ceil_mode);
}

torch::Tensor lrn_op(const torch::Tensor& x, int64_t size, double alpha, double beta, double k) {
  return dream::local_response_norm(x, size, alpha, beta, k);
}

}  // namespace

// The operators the rewritten TorchScript calls. One composite kernel each serves every backend:
// it records its own autograd node (LrnFunction, S2dConvFunction, MaxPoolFunction) when a
// gradient is needed, or calls LibTorch's ops, which record theirs.
TORCH_LIBRARY(livedream, m) {
  m.def("lrn(Tensor x, int size, float alpha, float beta, float k) -> Tensor");
  m.impl("lrn", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(lrn_op));
  m.def("conv2d(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, int groups) -> Tensor");
  m.impl("conv2d", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(conv2d_op));
  m.def("max_pool2d(Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, int[2] dilation, bool ceil_mode) -> Tensor");
  m.impl("max_pool2d", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(max_pool2d_op));
}

c10::Symbol lrn_symbol() { return c10::Symbol::fromQualString("livedream::lrn"); }
c10::Symbol conv2d_symbol() { return c10::Symbol::fromQualString("livedream::conv2d"); }
c10::Symbol max_pool2d_symbol() { return c10::Symbol::fromQualString("livedream::max_pool2d"); }

}  // namespace livedream::dream::ops
