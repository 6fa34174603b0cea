// LRN across channels with the fused CPU kernels (lrn_kernels.h) and its own backward: what the
// rewritten TorchScript calls as livedream::lrn (registration.cpp).
#include <ATen/Parallel.h>
#include <torch/csrc/api/include/torch/autograd.h>

#include <algorithm>
#include <vector>

#include "dream/fast_ops.h"
#include "dream/ops/kernel_tensors.h"
#include "dream/ops/lrn_kernels.h"

namespace livedream::dream {
namespace {

using kernels::ElementType;
using kernels::LrnParams;
using ops::channels_last;
using ops::kernel_element_type;
using ops::kGrainValues;

bool use_kernels(const torch::Tensor& x) {
  ElementType type;
  return x.device().is_cpu() && x.dim() == 4 && kernel_element_type(x, type) && x.size(1) > 0;
}

torch::Tensor in_layout(const torch::Tensor& t, bool nhwc) {
  return nhwc ? t.contiguous(torch::MemoryFormat::ChannelsLast) : t.contiguous();
}

torch::Tensor forward_kernel(const torch::Tensor& input, const LrnParams& params) {
  ElementType type{};
  kernel_element_type(input, type);
  const bool nhwc = channels_last(input);
  const auto x = in_layout(input, nhwc);
  auto y = torch::empty_like(x);
  const int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
  const int64_t grain = std::max<int64_t>(1, kGrainValues / c);
  const char* xp = static_cast<const char*>(x.data_ptr());
  char* yp = static_cast<char*>(y.data_ptr());
  const int64_t item = static_cast<int64_t>(x.element_size());
  if (nhwc) {
    at::parallel_for(0, n * hw, grain, [&](int64_t p0, int64_t p1) { kernels::lrn_forward_nhwc(type, xp, yp, c, p0, p1, params); });
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t offset = i * c * hw * item;
      at::parallel_for(0, hw, grain,
                       [&](int64_t p0, int64_t p1) { kernels::lrn_forward_nchw(type, xp + offset, yp + offset, c, hw, p0, p1, params); });
    }
  }
  return y;
}

torch::Tensor backward_kernel(const torch::Tensor& input, const torch::Tensor& grad_output, const LrnParams& params) {
  ElementType type{};
  kernel_element_type(input, type);
  const bool nhwc = channels_last(input);
  const auto x = in_layout(input, nhwc);
  const auto dy = in_layout(grad_output.to(x.scalar_type()), nhwc);
  auto dx = torch::empty_like(x);
  const int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
  const int64_t grain = std::max<int64_t>(1, kGrainValues / c);
  const char* xp = static_cast<const char*>(x.data_ptr());
  const char* gp = static_cast<const char*>(dy.data_ptr());
  char* op = static_cast<char*>(dx.data_ptr());
  const int64_t item = static_cast<int64_t>(x.element_size());
  if (nhwc) {
    at::parallel_for(0, n * hw, grain, [&](int64_t p0, int64_t p1) { kernels::lrn_backward_nhwc(type, xp, gp, op, c, p0, p1, params); });
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t offset = i * c * hw * item;
      at::parallel_for(0, hw, grain, [&](int64_t p0, int64_t p1) {
        kernels::lrn_backward_nchw(type, xp + offset, gp + offset, op + offset, c, hw, p0, p1, params);
      });
    }
  }
  return dx;
}

class LrnFunction : public torch::autograd::Function<LrnFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, int64_t size, double alpha, double beta,
                               double k) {
    ctx->save_for_backward({x});
    ctx->saved_data["size"] = size;
    ctx->saved_data["alpha"] = alpha;
    ctx->saved_data["beta"] = beta;
    ctx->saved_data["k"] = k;
    return forward_kernel(x, {size, alpha, beta, k});
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto x = ctx->get_saved_variables()[0];
    const LrnParams params{ctx->saved_data["size"].toInt(), ctx->saved_data["alpha"].toDouble(), ctx->saved_data["beta"].toDouble(),
                           ctx->saved_data["k"].toDouble()};
    torch::Tensor dx;
    if (grads[0].defined()) dx = backward_kernel(x, grads[0], params);
    return {dx, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor local_response_norm_reference(const torch::Tensor& x, int64_t size, double alpha, double beta, double k) {
  TORCH_CHECK(x.dim() >= 3, "local_response_norm: expected 3 dimensions or more, got ", x.dim());
  TORCH_CHECK(size > 0, "local_response_norm: size must be positive");
  const int64_t lo = size / 2, hi = (size - 1) / 2, channels = x.size(1);
  const auto sq = x * x;
  std::vector<int64_t> pad_shape = sq.sizes().vec();
  pad_shape[1] = channels + lo + hi;
  auto padded = torch::zeros(pad_shape, sq.options());
  padded = padded.slice_scatter(sq, 1, lo, lo + channels);
  auto sum = padded.narrow(1, 0, channels);
  for (int64_t j = 1; j < size; ++j) sum = sum + padded.narrow(1, j, channels);
  const auto d = (sum * (alpha / static_cast<double>(size)) + k).pow(beta);
  return x / d;
}

torch::Tensor local_response_norm(const torch::Tensor& x, int64_t size, double alpha, double beta, double k) {
  TORCH_CHECK(size > 0, "local_response_norm: size must be positive");
  // A float32 island for float16: the squares overflow above 256, and GoogLeNet's LRN inputs reach
  // about 2200 (norm1), so the window sums would be inf and the output 0. On the CPU the float32
  // kernels run it; elsewhere the ATen formula in float32. Autograd casts the gradient back.
  if (x.scalar_type() == torch::kFloat16) return local_response_norm(x.to(torch::kFloat32), size, alpha, beta, k).to(torch::kFloat16);
  if (!use_kernels(x)) return local_response_norm_reference(x, size, alpha, beta, k);
  return LrnFunction::apply(x, size, alpha, beta, k);
}

}  // namespace livedream::dream
