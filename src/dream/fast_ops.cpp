#include "dream/fast_ops.h"

#include <ATen/Parallel.h>
#include <torch/csrc/api/include/torch/autograd.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/library.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "dream/lrn_kernels.h"
#include "dream/pool_kernels.h"

namespace livedream::dream {
namespace {

using kernels::LrnParams;
using kernels::LrnType;

bool kernel_type(const torch::Tensor& x, LrnType& type) {
  switch (x.scalar_type()) {
    case torch::kFloat32: type = LrnType::Float32; return true;
    case torch::kFloat64: type = LrnType::Float64; return true;
    case torch::kBFloat16: type = LrnType::BFloat16; return true;
    default: return false;
  }
}

bool use_kernels(const torch::Tensor& x) {
  LrnType type;
  return x.device().is_cpu() && x.dim() == 4 && kernel_type(x, type) && x.size(1) > 0;
}

// Channels-last when the tensor is laid out so (and not also plain contiguous, as when C == 1).
bool channels_last(const torch::Tensor& x) {
  return !x.is_contiguous() && x.is_contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor in_layout(const torch::Tensor& t, bool nhwc) {
  return nhwc ? t.contiguous(torch::MemoryFormat::ChannelsLast) : t.contiguous();
}

// Work units for at::parallel_for: about this many channel values per task.
constexpr int64_t kGrainValues = 32768;

torch::Tensor forward_kernel(const torch::Tensor& input, const LrnParams& params) {
  LrnType type{};
  kernel_type(input, type);
  const bool nhwc = channels_last(input);
  const auto x = in_layout(input, nhwc);
  auto y = torch::empty_like(x);
  const int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
  const int64_t grain = std::max<int64_t>(1, kGrainValues / c);
  const char* xp = static_cast<const char*>(x.data_ptr());
  char* yp = static_cast<char*>(y.data_ptr());
  const int64_t item = static_cast<int64_t>(x.element_size());
  if (nhwc) {
    at::parallel_for(0, n * hw, grain, [&](int64_t p0, int64_t p1) {
      kernels::lrn_forward_nhwc(type, xp, yp, c, p0, p1, params);
    });
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t offset = i * c * hw * item;
      at::parallel_for(0, hw, grain, [&](int64_t p0, int64_t p1) {
        kernels::lrn_forward_nchw(type, xp + offset, yp + offset, c, hw, p0, p1, params);
      });
    }
  }
  return y;
}

torch::Tensor backward_kernel(const torch::Tensor& input, const torch::Tensor& grad_output, const LrnParams& params) {
  LrnType type{};
  kernel_type(input, type);
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
    at::parallel_for(0, n * hw, grain, [&](int64_t p0, int64_t p1) {
      kernels::lrn_backward_nhwc(type, xp, gp, op, c, p0, p1, params);
    });
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
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, int64_t size,
                               double alpha, double beta, double k) {
    ctx->save_for_backward({x});
    ctx->saved_data["size"] = size;
    ctx->saved_data["alpha"] = alpha;
    ctx->saved_data["beta"] = beta;
    ctx->saved_data["k"] = k;
    return forward_kernel(x, {size, alpha, beta, k});
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto x = ctx->get_saved_variables()[0];
    const LrnParams params{ctx->saved_data["size"].toInt(), ctx->saved_data["alpha"].toDouble(),
                           ctx->saved_data["beta"].toDouble(), ctx->saved_data["k"].toDouble()};
    torch::Tensor dx;
    if (grads[0].defined()) dx = backward_kernel(x, grads[0], params);
    return {dx, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

// ---- Strided convolutions on few input channels (the first convolution of a network): their
// gradient w.r.t. the input is oneDNN's slowest case (GoogLeNet's 7x7/2 conv1 on 3 channels:
// 13 GFLOP/s, a sixth of a float32 step). A stride-s convolution is a stride-1 convolution on the
// space-to-depth rearranged input (C*s*s channels, kernel ceil(K/s)), whose input gradient runs
// at full speed; pixel_shuffle brings that gradient back. The forward pass stays the plain one.

struct S2dShape {
  int64_t s, kh, kw, qh, qw;  // stride, kernel, kernel in the rearranged space
};

bool s2d_applicable(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b,
                    c10::IntArrayRef stride, c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
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
                               const c10::optional<torch::Tensor>& b, std::vector<int64_t> stride,
                               std::vector<int64_t> padding) {
    ctx->save_for_backward({w});
    ctx->saved_data["x_sizes"] = x.sizes().vec();
    ctx->saved_data["padding"] = padding;
    ctx->saved_data["stride"] = stride[0];
    ctx->saved_data["channels_last"] = channels_last(x);
    return torch::conv2d(x, w, b, stride, padding);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
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
    const auto grad_u = std::get<0>(at::convolution_backward(grad.contiguous(format), shape_only, weight, c10::nullopt, {1, 1},
                                                             {0, 0}, {1, 1}, false, {0, 0}, 1, {true, false, false}));
    const auto grad_padded = torch::pixel_shuffle(grad_u, sh.s);  // (n, c, hq*s, wq*s), x padded by `padding`
    auto grad_x = torch::zeros({n, c, h, wd}, grad.options().memory_format(format));
    const int64_t rows = std::min(h, hq * sh.s - padding[0]), cols = std::min(wd, wq * sh.s - padding[1]);
    if (rows > 0 && cols > 0)
      grad_x.narrow(2, 0, rows).narrow(3, 0, cols).copy_(grad_padded.narrow(2, padding[0], rows).narrow(3, padding[1], cols));
    return {grad_x, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

torch::Tensor conv2d_op(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b,
                        c10::IntArrayRef stride, c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
  return dream::conv2d(x, w, b, stride, padding, dilation, groups);
}

// ---- Max pooling on channels-last tensors with one-byte argmaxes (dream/pool_kernels.h).

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
  LrnType type{};
  if (!x.device().is_cpu() || x.dim() != 4 || !kernel_type(x, type) || !channels_last(x)) return a;
  auto pick = [](c10::IntArrayRef v, size_t i, int64_t fallback) {
    return v.empty() ? fallback : v.size() == 1 ? v[0] : v[i];
  };
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
  LrnType type{};
  kernel_type(x, type);
  auto y = torch::empty({x.size(0), s.channels, s.out_h, s.out_w}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  if (codes) *codes = torch::empty({x.size(0), s.out_h, s.out_w, s.channels}, x.options().dtype(torch::kUInt8));
  const int64_t item = static_cast<int64_t>(x.element_size());
  const int64_t grain = std::max<int64_t>(1, kGrainValues / std::max<int64_t>(1, s.out_w * s.channels));
  for (int64_t n = 0; n < x.size(0); ++n) {
    const char* xp = static_cast<const char*>(x.data_ptr()) + n * s.in_h * s.in_w * s.channels * item;
    char* yp = static_cast<char*>(y.data_ptr()) + n * s.out_h * s.out_w * s.channels * item;
    uint8_t* cp = codes ? codes->data_ptr<uint8_t>() + n * s.out_h * s.out_w * s.channels : nullptr;
    at::parallel_for(0, s.out_h, grain, [&](int64_t r0, int64_t r1) {
      kernels::max_pool_forward_nhwc(type, xp, yp, cp, s, r0, r1);
    });
  }
  return y;
}

class MaxPoolFunction : public torch::autograd::Function<MaxPoolFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const kernels::PoolShape& s) {
    torch::Tensor codes;
    auto y = pool_forward(x, s, &codes);
    ctx->save_for_backward({codes});
    ctx->saved_data["shape"] = std::vector<int64_t>{s.channels, s.in_h, s.in_w, s.out_h, s.out_w, s.kernel_h, s.kernel_w,
                                                    s.stride_h, s.stride_w, s.pad_h, s.pad_w};
    ctx->saved_data["batch"] = x.size(0);
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto codes = ctx->get_saved_variables()[0];
    const auto v = ctx->saved_data["shape"].toIntVector();
    const kernels::PoolShape s{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]};
    const int64_t batch = ctx->saved_data["batch"].toInt();
    const auto dy = grads[0].contiguous(torch::MemoryFormat::ChannelsLast);
    LrnType type{};
    kernel_type(dy, type);
    auto dx = torch::empty({batch, s.channels, s.in_h, s.in_w}, dy.options().memory_format(torch::MemoryFormat::ChannelsLast));
    const int64_t item = static_cast<int64_t>(dy.element_size());
    const int64_t grain = std::max<int64_t>(1, kGrainValues / std::max<int64_t>(1, s.in_w * s.channels));
    for (int64_t n = 0; n < batch; ++n) {
      const char* gp = static_cast<const char*>(dy.data_ptr()) + n * s.out_h * s.out_w * s.channels * item;
      const uint8_t* cp = codes.data_ptr<uint8_t>() + n * s.out_h * s.out_w * s.channels;
      char* op = static_cast<char*>(dx.data_ptr()) + n * s.in_h * s.in_w * s.channels * item;
      at::parallel_for(0, s.in_h, grain, [&](int64_t r0, int64_t r1) {
        kernels::max_pool_backward_nhwc(type, gp, cp, op, s, r0, r1);
      });
    }
    return {dx, torch::Tensor()};
  }
};

torch::Tensor max_pool2d_op(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                            c10::IntArrayRef dilation, bool ceil_mode) {
  return dream::max_pool2d(x, kernel, stride, padding, dilation, ceil_mode);
}

torch::Tensor lrn_op(const torch::Tensor& x, int64_t size, double alpha, double beta, double k) {
  return local_response_norm(x, size, alpha, beta, k);
}

}  // namespace

torch::Tensor local_response_norm_reference(const torch::Tensor& x, int64_t size, double alpha, double beta,
                                            double k) {
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

torch::Tensor conv2d(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b,
                     c10::IntArrayRef stride, c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups) {
  if (s2d_applicable(x, w, b, stride, padding, dilation, groups))
    return S2dConvFunction::apply(x, w, b, stride.vec(), padding.vec());
  return torch::conv2d(x, w, b, stride, padding, dilation, groups);
}

torch::Tensor max_pool2d(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                         c10::IntArrayRef dilation, bool ceil_mode) {
  const auto args = pool_args(x, kernel, stride, padding, dilation, ceil_mode);
  if (!args.ok) return torch::max_pool2d(x, kernel, stride, padding, dilation, ceil_mode);
  if (x.requires_grad() && torch::GradMode::is_enabled()) return MaxPoolFunction::apply(x, args.shape);
  return pool_forward(x, args.shape, nullptr);
}

torch::Tensor local_response_norm(const torch::Tensor& x, int64_t size, double alpha, double beta, double k) {
  TORCH_CHECK(size > 0, "local_response_norm: size must be positive");
  if (!use_kernels(x)) return local_response_norm_reference(x, size, alpha, beta, k);
  return LrnFunction::apply(x, size, alpha, beta, k);
}

// The operator the rewritten TorchScript calls. One composite kernel serves every backend: it
// records its own autograd node (LrnFunction) when a gradient is needed.
TORCH_LIBRARY(livedream, m) {
  m.def("lrn(Tensor x, int size, float alpha, float beta, float k) -> Tensor");
  m.impl("lrn", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(lrn_op));
  m.def("conv2d(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, int groups) -> Tensor");
  m.impl("conv2d", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(conv2d_op));
  m.def("max_pool2d(Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, int[2] dilation, bool ceil_mode) -> Tensor");
  m.impl("max_pool2d", c10::DispatchKey::CompositeImplicitAutograd, TORCH_FN(max_pool2d_op));
}

namespace {

// Every node of a graph, nested blocks included.
void for_each_node(torch::jit::Block* block, const std::function<void(torch::jit::Node*)>& visit) {
  for (auto* node : block->nodes()) {
    for (auto* inner : node->blocks()) for_each_node(inner, visit);
    visit(node);
  }
}

// Replaces every node that `matches` accepts, in every TorchScript function of the module, with a
// call of `ours` on the same inputs. Returns how many nodes it replaced.
int replace_nodes(torch::jit::Module& module, c10::Symbol ours, const std::function<bool(torch::jit::Node*)>& matches) {
  int replaced = 0;
  for (torch::jit::Function* fn : module._ivalue()->compilation_unit()->get_functions()) {
    auto* graph_fn = dynamic_cast<torch::jit::GraphFunction*>(fn);
    if (!graph_fn) continue;
    auto graph = graph_fn->graph();
    std::vector<torch::jit::Node*> found;  // collected first: replacing while walking would skip nodes
    for_each_node(graph->block(), [&](torch::jit::Node* node) {
      if (matches(node)) found.push_back(node);
    });
    for (auto* node : found) {
      torch::jit::WithInsertPoint guard(node);
      std::vector<torch::jit::NamedValue> args(node->inputs().begin(), node->inputs().end());
      auto* out = graph->insert(ours, args);
      node->output()->replaceAllUsesWith(out);
      node->destroy();
      ++replaced;
    }
  }
  return replaced;
}

}  // namespace

int use_fast_conv(torch::jit::Module& module) {
  static const auto conv2d = c10::Symbol::fromQualString("aten::conv2d");
  // conv2d(input, weight, bias, stride: int[], padding: int[], dilation: int[], groups: int)
  return replace_nodes(module, c10::Symbol::fromQualString("livedream::conv2d"), [](torch::jit::Node* node) {
    return node->kind() == conv2d && node->inputs().size() == 7 &&
           node->inputs()[4]->type()->kind() == c10::TypeKind::ListType;
  });
}

int use_fast_lrn(torch::jit::Module& module) {
  auto cu = module._ivalue()->compilation_unit();
  int patched = 0;
  for (torch::jit::Function* fn : cu->get_functions()) {
    if (fn->qualname().name() != "local_response_norm") continue;
    auto* graph_fn = dynamic_cast<torch::jit::GraphFunction*>(fn);
    if (!graph_fn) continue;
    auto graph = graph_fn->graph();
    const auto inputs = graph->inputs();
    // local_response_norm(input: Tensor, size: int, alpha: float, beta: float, k: float) -> Tensor
    if (inputs.size() != 5 || graph->outputs().size() != 1) continue;
    const auto kind = [&](size_t i) { return inputs[i]->type()->kind(); };
    if (kind(0) != c10::TypeKind::TensorType || kind(1) != c10::TypeKind::IntType ||
        kind(2) != c10::TypeKind::FloatType || kind(3) != c10::TypeKind::FloatType ||
        kind(4) != c10::TypeKind::FloatType)
      continue;
    torch::jit::WithInsertPoint guard(graph->return_node());
    auto* out = graph->insert(c10::Symbol::fromQualString("livedream::lrn"),
                              {inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]});
    graph->return_node()->replaceInput(0, out);
    torch::jit::EliminateDeadCode(graph);
    ++patched;
  }
  return patched;
}

int use_fast_max_pool(torch::jit::Module& module) {
  static const auto pool = c10::Symbol::fromQualString("aten::max_pool2d");
  return replace_nodes(module, c10::Symbol::fromQualString("livedream::max_pool2d"), [](torch::jit::Node* node) {
    return node->kind() == pool && node->inputs().size() == 6 && node->outputs().size() == 1;
  });
}

void weights_to_channels_last(torch::jit::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto p : module.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
}

}  // namespace livedream::dream
