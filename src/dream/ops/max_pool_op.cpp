// Max pooling on channels-last tensors with one-byte argmaxes (pool_kernels.h): what the rewritten
// TorchScript calls as livedream::max_pool2d (registration.cpp).
#include <ATen/Parallel.h>
#include <torch/csrc/api/include/torch/autograd.h>

#include <algorithm>
#include <vector>

#include "dream/fast_ops.h"
#include "dream/ops/kernel_tensors.h"
#include "dream/ops/pool_kernels.h"

namespace livedream::dream {
namespace {

using kernels::ElementType;
using ops::channels_last;
using ops::kernel_element_type;
using ops::kGrainValues;

struct PoolArgs {
  kernels::PoolShape shape;
  bool ok = false;
};

int64_t pool_output_size(int64_t in, int64_t kernel, int64_t pad, int64_t stride, bool ceil_mode) {
  // LibTorch's pooling_output_shape with dilation 1.
  const int64_t numerator = in + 2 * pad - (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  int64_t out = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

PoolArgs pool_args(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                   c10::IntArrayRef dilation, bool ceil_mode) {
  PoolArgs a;
  ElementType type{};
  if (!x.device().is_cpu() || x.dim() != 4 || !kernel_element_type(x, type) || !channels_last(x)) return a;
  auto pick = [](c10::IntArrayRef v, size_t i, int64_t fallback) { return v.empty() ? fallback : v.size() == 1 ? v[0] : v[i]; };
  if (kernel.empty() || kernel.size() > 2 || stride.size() > 2 || padding.size() > 2 || dilation.size() > 2) return a;
  auto& s = a.shape;
  s.kernel_h = pick(kernel, 0, 1);
  s.kernel_w = pick(kernel, 1, 1);
  s.stride_h = pick(stride, 0, s.kernel_h);
  s.stride_w = pick(stride, 1, s.kernel_w);
  s.pad_h = pick(padding, 0, 0);
  s.pad_w = pick(padding, 1, 0);
  if (pick(dilation, 0, 1) != 1 || pick(dilation, 1, 1) != 1) return a;
  if (s.kernel_h < 1 || s.kernel_w < 1 || s.kernel_h * s.kernel_w > 256 || s.stride_h < 1 || s.stride_w < 1) return a;
  if (s.pad_h < 0 || s.pad_w < 0 || s.pad_h > s.kernel_h / 2 || s.pad_w > s.kernel_w / 2) return a;
  s.channels = x.size(1);
  s.in_h = x.size(2);
  s.in_w = x.size(3);
  s.out_h = pool_output_size(s.in_h, s.kernel_h, s.pad_h, s.stride_h, ceil_mode);
  s.out_w = pool_output_size(s.in_w, s.kernel_w, s.pad_w, s.stride_w, ceil_mode);
  a.ok = s.out_h > 0 && s.out_w > 0 && s.channels > 0;
  return a;
}

// Forward on a channels-last tensor; codes (N, Ho, Wo, C) uint8 when `codes` is given.
torch::Tensor pool_forward(const torch::Tensor& x, const kernels::PoolShape& s, torch::Tensor* codes) {
  ElementType type{};
  kernel_element_type(x, type);
  auto y = torch::empty({x.size(0), s.channels, s.out_h, s.out_w}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  if (codes) *codes = torch::empty({x.size(0), s.out_h, s.out_w, s.channels}, x.options().dtype(torch::kUInt8));
  const int64_t item = static_cast<int64_t>(x.element_size());
  const int64_t grain = std::max<int64_t>(1, kGrainValues / std::max<int64_t>(1, s.out_w * s.channels));
  for (int64_t n = 0; n < x.size(0); ++n) {
    const char* xp = static_cast<const char*>(x.data_ptr()) + n * s.in_h * s.in_w * s.channels * item;
    char* yp = static_cast<char*>(y.data_ptr()) + n * s.out_h * s.out_w * s.channels * item;
    uint8_t* cp = codes ? codes->data_ptr<uint8_t>() + n * s.out_h * s.out_w * s.channels : nullptr;
    at::parallel_for(0, s.out_h, grain, [&](int64_t r0, int64_t r1) { kernels::max_pool_forward_nhwc(type, xp, yp, cp, s, r0, r1); });
  }
  return y;
}

class MaxPoolFunction : public torch::autograd::Function<MaxPoolFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const kernels::PoolShape& s) {
    torch::Tensor codes;
    auto y = pool_forward(x, s, &codes);
    ctx->save_for_backward({codes});
    ctx->saved_data["shape"] = std::vector<int64_t>{s.channels, s.in_h,     s.in_w,     s.out_h, s.out_w, s.kernel_h,
                                                    s.kernel_w, s.stride_h, s.stride_w, s.pad_h, s.pad_w};
    ctx->saved_data["batch"] = x.size(0);
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto codes = ctx->get_saved_variables()[0];
    const auto v = ctx->saved_data["shape"].toIntVector();
    const kernels::PoolShape s{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]};
    const int64_t batch = ctx->saved_data["batch"].toInt();
    const auto dy = grads[0].contiguous(torch::MemoryFormat::ChannelsLast);
    ElementType type{};
    kernel_element_type(dy, type);
    auto dx = torch::empty({batch, s.channels, s.in_h, s.in_w}, dy.options().memory_format(torch::MemoryFormat::ChannelsLast));
    const int64_t item = static_cast<int64_t>(dy.element_size());
    const int64_t grain = std::max<int64_t>(1, kGrainValues / std::max<int64_t>(1, s.in_w * s.channels));
    for (int64_t n = 0; n < batch; ++n) {
      const char* gp = static_cast<const char*>(dy.data_ptr()) + n * s.out_h * s.out_w * s.channels * item;
      const uint8_t* cp = codes.data_ptr<uint8_t>() + n * s.out_h * s.out_w * s.channels;
      char* op = static_cast<char*>(dx.data_ptr()) + n * s.in_h * s.in_w * s.channels * item;
      at::parallel_for(0, s.in_h, grain, [&](int64_t r0, int64_t r1) { kernels::max_pool_backward_nhwc(type, gp, cp, op, s, r0, r1); });
    }
    return {dx, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor max_pool2d(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                         c10::IntArrayRef dilation, bool ceil_mode) {
  const auto args = pool_args(x, kernel, stride, padding, dilation, ceil_mode);
  if (!args.ok) return torch::max_pool2d(x, kernel, stride, padding, dilation, ceil_mode);
  if (x.requires_grad() && torch::GradMode::is_enabled()) return MaxPoolFunction::apply(x, args.shape);
  return pool_forward(x, args.shape, nullptr);
}

}  // namespace livedream::dream
