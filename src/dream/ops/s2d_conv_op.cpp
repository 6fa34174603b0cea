// Strided convolutions on few input channels (the first convolution of a network): their
// gradient w.r.t. the input is oneDNN's slowest case (GoogLeNet's 7x7/2 conv1 on 3 channels:
// 13 GFLOP/s, a sixth of a float32 step). A stride-s convolution is a stride-1 convolution on the
// space-to-depth rearranged input (C*s*s channels, kernel ceil(K/s)), whose input gradient runs
// at full speed; pixel_shuffle brings that gradient back. The forward pass stays the plain one.
// What the rewritten TorchScript calls as livedream::conv2d (registration.cpp).
#include <torch/csrc/api/include/torch/autograd.h>

#include <algorithm>
#include <vector>

#include "dream/fast_ops.h"
#include "dream/ops/kernel_tensors.h"

namespace livedream::dream {
namespace {

using ops::channels_last;

struct S2dShape {
  int64_t s, kh, kw, qh, qw;  // stride, kernel, kernel in the rearranged space
};

bool s2d_applicable(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b, c10::IntArrayRef stride,
                    c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
  if (!x.device().is_cpu() || x.dim() != 4 || w.dim() != 4 || groups != 1) return false;
  if (!x.requires_grad() || w.requires_grad() || (b && b->defined() && b->requires_grad())) return false;
  if (stride.size() != 2 || padding.size() != 2 || dilation.size() != 2) return false;
  if (dilation[0] != 1 || dilation[1] != 1 || stride[0] != stride[1] || stride[0] < 2) return false;
  if (w.size(2) < stride[0] || w.size(3) < stride[0]) return false;
  if (x.scalar_type() != torch::kFloat32 && x.scalar_type() != torch::kBFloat16) return false;
  return x.size(1) * stride[0] * stride[0] <= 48;
}

// (O, C, kh, kw) -> (O, C*s*s, qh, qw): tap (s*a + r, s*b + t) of channel c goes to channel
// c*s*s + r*s + t (pixel_unshuffle's order), tap (a, b); taps past the kernel are zero.
torch::Tensor s2d_weight(const torch::Tensor& w, const S2dShape& sh) {
  const int64_t o = w.size(0), c = w.size(1);
  const auto padded = torch::constant_pad_nd(w, {0, sh.qw * sh.s - sh.kw, 0, sh.qh * sh.s - sh.kh});
  return padded.reshape({o, c, sh.qh, sh.s, sh.qw, sh.s}).permute({0, 1, 3, 5, 2, 4}).reshape({o, c * sh.s * sh.s, sh.qh, sh.qw});
}

class S2dConvFunction : public torch::autograd::Function<S2dConvFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& w,
                               const c10::optional<torch::Tensor>& b, std::vector<int64_t> stride, std::vector<int64_t> padding) {
    ctx->save_for_backward({w});
    ctx->saved_data["x_sizes"] = x.sizes().vec();
    ctx->saved_data["padding"] = padding;
    ctx->saved_data["stride"] = stride[0];
    ctx->saved_data["channels_last"] = channels_last(x);
    return torch::conv2d(x, w, b, stride, padding);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto w = ctx->get_saved_variables()[0];
    const auto x_sizes = ctx->saved_data["x_sizes"].toIntVector();
    const auto padding = ctx->saved_data["padding"].toIntVector();
    const bool nhwc = ctx->saved_data["channels_last"].toBool();
    S2dShape sh{ctx->saved_data["stride"].toInt(), w.size(2), w.size(3), 0, 0};
    sh.qh = (sh.kh + sh.s - 1) / sh.s;
    sh.qw = (sh.kw + sh.s - 1) / sh.s;
    const auto& grad = grads[0];
    const int64_t n = x_sizes[0], c = x_sizes[1], h = x_sizes[2], wd = x_sizes[3];
    const int64_t hq = grad.size(2) + sh.qh - 1, wq = grad.size(3) + sh.qw - 1;
    const auto format = nhwc ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    const auto weight = s2d_weight(w, sh).contiguous(format);
    const auto shape_only = torch::empty({n, c * sh.s * sh.s, hq, wq}, grad.options().memory_format(format));
    const auto grad_u = std::get<0>(at::convolution_backward(grad.contiguous(format), shape_only, weight, c10::nullopt, {1, 1}, {0, 0},
                                                             {1, 1}, false, {0, 0}, 1, {true, false, false}));
    const auto grad_padded = torch::pixel_shuffle(grad_u, sh.s);  // (n, c, hq*s, wq*s), x padded by `padding`
    auto grad_x = torch::zeros({n, c, h, wd}, grad.options().memory_format(format));
    const int64_t rows = std::min(h, hq * sh.s - padding[0]), cols = std::min(wd, wq * sh.s - padding[1]);
    if (rows > 0 && cols > 0)
      grad_x.narrow(2, 0, rows).narrow(3, 0, cols).copy_(grad_padded.narrow(2, padding[0], rows).narrow(3, padding[1], cols));
    return {grad_x, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor conv2d(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b, c10::IntArrayRef stride,
                     c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
  if (s2d_applicable(x, w, b, stride, padding, dilation, groups)) return S2dConvFunction::apply(x, w, b, stride.vec(), padding.vec());
  return torch::conv2d(x, w, b, stride, padding, dilation, groups);
}

}  // namespace livedream::dream
