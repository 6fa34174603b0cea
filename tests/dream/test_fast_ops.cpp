// The CPU speed-ups (dream/fast_ops.h) compute what the originals compute: the fused LRN against
// LibTorch's own local_response_norm, the space-to-depth convolution gradient against conv2d's,
// and a rewritten model against the unmodified one. Speed is measured in bench/, not here.
#include <torch/torch.h>

#include <cstdlib>
#include <string>

#include "dream/fast_ops.h"
#include "dream/model.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
namespace F = torch::nn::functional;

namespace {

double max_rel(const torch::Tensor& a, const torch::Tensor& b) {
  const auto a64 = a.to(torch::kFloat64), b64 = b.to(torch::kFloat64);
  return ((a64 - b64).abs().max() / b64.abs().max().clamp_min(1e-30)).item<double>();
}

struct LrnCase {
  int64_t channels, size;
  double alpha, beta, k;
};

// Forward and gradient of F.local_response_norm (LibTorch's, via avg_pool3d), in float64.
std::pair<torch::Tensor, torch::Tensor> libtorch_lrn(const torch::Tensor& x, const torch::Tensor& dy, const LrnCase& c) {
  auto leaf = x.detach().to(torch::kFloat64).contiguous().requires_grad_(true);
  auto y = F::local_response_norm(leaf, F::LocalResponseNormFuncOptions(c.size).alpha(c.alpha).beta(c.beta).k(c.k));
  auto g = torch::autograd::grad({y}, {leaf}, {dy.to(torch::kFloat64)})[0];
  return {y.detach(), g};
}

std::pair<torch::Tensor, torch::Tensor> fused_lrn(const torch::Tensor& x, const torch::Tensor& dy, const LrnCase& c) {
  auto leaf = x.detach().clone().requires_grad_(true);
  auto y = dream::local_response_norm(leaf, c.size, c.alpha, c.beta, c.k);
  auto g = torch::autograd::grad({y}, {leaf}, {dy})[0];
  return {y.detach(), g};
}

}  // namespace

TEST_CASE("fused LRN matches LibTorch's local_response_norm, forward and gradient") {
  torch::manual_seed(3);
  // GoogLeNet's LRN (5, 1e-4, 0.75, 1), an even size, another beta, alpha large enough to matter.
  const LrnCase cases[] = {
      {64, 5, 1e-4, 0.75, 1.0}, {7, 4, 0.5, 0.6, 2.0}, {3, 5, 1.0, 0.75, 1.0}, {1, 3, 0.3, 0.9, 1.0}, {192, 5, 1e-2, 0.75, 1.0}};
  for (const auto& c : cases) {
    for (bool nhwc : {false, true}) {
      for (auto dtype : {torch::kFloat64, torch::kFloat32, torch::kBFloat16}) {
        INFO("channels " << c.channels << " size " << c.size << " beta " << c.beta << (nhwc ? " channels-last " : " NCHW ")
                         << c10::toString(dtype));
        auto x = (torch::randn({2, c.channels, 9, 13}) * 20).to(dtype);
        auto dy = torch::randn({2, c.channels, 9, 13}).to(dtype);
        if (nhwc) {
          x = x.contiguous(torch::MemoryFormat::ChannelsLast);
          dy = dy.contiguous(torch::MemoryFormat::ChannelsLast);
        }
        const auto [y_ref, g_ref] = libtorch_lrn(x, dy, c);
        const auto [y, g] = fused_lrn(x, dy, c);
        CHECK(y.scalar_type() == dtype);
        CHECK(y.sizes() == x.sizes());
        if (nhwc && c.channels > 1) CHECK(y.is_contiguous(torch::MemoryFormat::ChannelsLast));
        const double tol = dtype == torch::kFloat64 ? 1e-12 : dtype == torch::kFloat32 ? 1e-5 : 2e-2;
        CHECK(max_rel(y, y_ref) < tol);
        CHECK(max_rel(g, g_ref) < tol);
      }
    }
  }
}

TEST_CASE("fused LRN falls back to the plain formula off its fast path") {
  const LrnCase c{6, 5, 0.1, 0.75, 1.0};
  auto x = torch::randn({1, 6, 5}, torch::kFloat64) * 3;  // 3-D: not the kernels' case
  auto dy = torch::randn({1, 6, 5}, torch::kFloat64);
  const auto [y_ref, g_ref] = libtorch_lrn(x, dy, c);
  const auto [y, g] = fused_lrn(x, dy, c);
  CHECK(max_rel(y, y_ref) < 1e-12);
  CHECK(max_rel(g, g_ref) < 1e-12);
  const auto strided = (torch::randn({1, 6, 8, 8}, torch::kFloat64) * 3).slice(3, 0, 8, 2);  // not contiguous
  const auto [ys, gs] = fused_lrn(strided, torch::ones_like(strided), c);
  const auto [ys_ref, gs_ref] = libtorch_lrn(strided, torch::ones_like(strided), c);
  CHECK(max_rel(ys, ys_ref) < 1e-12);
  CHECK(max_rel(gs, gs_ref) < 1e-12);
}

TEST_CASE("space-to-depth convolution gradient matches conv2d's") {
  torch::manual_seed(5);
  struct ConvCase {
    int64_t in, out, kernel, stride, pad, h, w;
  };
  // GoogLeNet's conv1 (7x7/2, pad 3), SqueezeNet's (3x3/2, no pad), AlexNet-like 11x11/4, odd sizes.
  const ConvCase cases[] = {{3, 64, 7, 2, 3, 64, 48}, {3, 16, 3, 2, 0, 33, 35}, {3, 8, 11, 4, 2, 67, 70}, {2, 5, 4, 2, 1, 17, 16}};
  for (const auto& c : cases)
    for (bool nhwc : {false, true})
      for (auto dtype : {torch::kFloat32, torch::kBFloat16}) {
        INFO("kernel " << c.kernel << " stride " << c.stride << " pad " << c.pad << " " << c.h << "x" << c.w
                       << (nhwc ? " channels-last " : " NCHW ") << c10::toString(dtype));
        auto x = torch::randn({1, c.in, c.h, c.w}).to(dtype);
        const auto w = (torch::randn({c.out, c.in, c.kernel, c.kernel}) * 0.1).to(dtype);
        const auto b = torch::randn({c.out}).to(dtype);
        if (nhwc) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        auto leaf = x.clone().requires_grad_(true);
        auto y_ref = torch::conv2d(leaf, w, b, c.stride, c.pad);
        const auto dy = torch::randn_like(y_ref);
        const auto g_ref = torch::autograd::grad({y_ref}, {leaf}, {dy})[0];
        auto leaf2 = x.clone().requires_grad_(true);
        auto y = dream::conv2d(leaf2, w, b, {c.stride, c.stride}, {c.pad, c.pad}, {1, 1}, 1);
        const auto g = torch::autograd::grad({y}, {leaf2}, {dy})[0];
        CHECK(g.sizes() == x.sizes());
        const double tol = dtype == torch::kFloat32 ? 1e-5 : 2e-2;
        CHECK(max_rel(y, y_ref) == 0.0);  // the forward pass is conv2d itself
        CHECK(max_rel(g, g_ref) < tol);
      }
}

TEST_CASE("byte-argmax max pooling matches LibTorch's max_pool2d, ties and NaNs included") {
  torch::manual_seed(11);
  struct PoolCase {
    int64_t kernel, stride, pad;
    bool ceil;
    int64_t h, w;
  };
  // GoogLeNet's pools (3/2 ceil, 3/1 pad 1 ceil), SqueezeNet's (3/2 ceil), 2/2, and odd sizes.
  const PoolCase cases[] = {
      {3, 2, 0, true, 17, 20}, {3, 1, 1, true, 9, 11}, {2, 2, 0, false, 8, 9}, {3, 2, 1, false, 13, 7}, {5, 3, 2, true, 16, 19}};
  for (const auto& c : cases)
    for (auto dtype : {torch::kFloat32, torch::kFloat64, torch::kBFloat16})
      for (bool ties : {false, true}) {
        INFO("kernel " << c.kernel << " stride " << c.stride << " pad " << c.pad << (c.ceil ? " ceil " : " floor ") << c.h << "x" << c.w
                       << " " << c10::toString(dtype) << (ties ? " with ties" : ""));
        auto x = ties ? torch::randint(0, 3, {2, 37, c.h, c.w}).to(torch::kFloat32) : torch::randn({2, 37, c.h, c.w});
        x = x.to(dtype).contiguous(torch::MemoryFormat::ChannelsLast);
        auto leaf_ref = x.clone().requires_grad_(true);
        auto y_ref = torch::max_pool2d(leaf_ref, {c.kernel, c.kernel}, {c.stride, c.stride}, {c.pad, c.pad}, {1, 1}, c.ceil);
        const auto dy = torch::randn(y_ref.sizes()).to(dtype).contiguous(torch::MemoryFormat::ChannelsLast);
        const auto g_ref = torch::autograd::grad({y_ref}, {leaf_ref}, {dy})[0];
        auto leaf = x.clone().requires_grad_(true);
        auto y = dream::max_pool2d(leaf, {c.kernel, c.kernel}, {c.stride, c.stride}, {c.pad, c.pad}, {1, 1}, c.ceil);
        const auto g = torch::autograd::grad({y}, {leaf}, {dy})[0];
        REQUIRE(y.sizes() == y_ref.sizes());
        CHECK(y.is_contiguous(torch::MemoryFormat::ChannelsLast));
        CHECK(torch::equal(y, y_ref.contiguous(torch::MemoryFormat::ChannelsLast)));
        // float32/float64 add in LibTorch's order; bfloat16 sums in float32 and rounds once.
        if (dtype == torch::kBFloat16)
          CHECK(max_rel(g, g_ref) < 1e-2);
        else
          CHECK(torch::equal(g, g_ref));
        torch::NoGradGuard no_grad;  // the inference path (no argmaxes kept) gives the same values
        CHECK(torch::equal(dream::max_pool2d(x, {c.kernel, c.kernel}, {c.stride, c.stride}, {c.pad, c.pad}, {1, 1}, c.ceil), y));
      }
  // NaN propagates as in LibTorch.
  auto x = torch::randn({1, 4, 6, 6}).contiguous(torch::MemoryFormat::ChannelsLast);
  x.index_put_({0, 1, 2, 3}, std::nan(""));
  const auto y = dream::max_pool2d(x, {3, 3}, {2, 2}, {0, 0}, {1, 1}, true);
  const auto y_ref = torch::max_pool2d(x, {3, 3}, {2, 2}, {0, 0}, {1, 1}, true);
  CHECK(torch::equal(y.isnan(), y_ref.isnan()));
  CHECK(y.isnan().any().item<bool>());
}

TEST_CASE("the rewritten GoogLeNet computes what the original does") {
  const std::string path = test::shared_model("googlenet_bvlc.pt");
  auto fast = dream::Model::load(path, torch::kCPU, torch::kFloat32);
  CHECK(fast.speedups().find("fused-lrn") != std::string::npos);
  CHECK(fast.speedups().find("s2d-conv-grad") != std::string::npos);
  CHECK(fast.speedups().find("byte-argmax-pool") != std::string::npos);
  CHECK(fast.speedups().find("channels-last") != std::string::npos);
  ::setenv("LIVEDREAM_SPEEDUPS", "none", 1);
  auto plain = dream::Model::load(path, torch::kCPU, torch::kFloat32);
  ::unsetenv("LIVEDREAM_SPEEDUPS");
  CHECK(plain.speedups().empty());

  torch::manual_seed(7);
  const auto image = torch::rand({1, 3, 160, 224}) * 2 - 1;
  auto step = [&](dream::Model& m, torch::ScalarType dtype) {
    auto x = image.clone().to(m.input_dtype()).requires_grad_(true);
    auto act = m.extract(m.from_unit(x), {"inception_3b", "inception_4c"});
    auto loss = act[0].to(m.input_dtype()).mean() + act[1].to(m.input_dtype()).mean();
    auto g = torch::autograd::grad({loss}, {x})[0];
    CHECK(act[1].scalar_type() == dtype);
    const auto out = dtype == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
    return std::make_pair(act[1].detach().to(out), g.to(out));
  };
  const auto [a_ref, g_ref] = step(plain, torch::kFloat32);
  const auto [a, g] = step(fast, torch::kFloat32);
  CHECK(max_rel(a, a_ref) < 1e-4);
  // Max-pooling picks one of near-equal neighbours, and a rounding difference (the fused LRN
  // rounds differently) can switch which one, moving a little gradient one pixel over: in float32
  // the gradients differ by about 1.5e-3 (L2) here. In float64 they agree to rounding.
  CHECK((g - g_ref).norm().item<double>() / g_ref.norm().item<double>() < 1e-2);
  {
    auto fast64 = dream::Model::load(path, torch::kCPU, torch::kFloat64);
    CHECK(fast64.speedups().find("fused-lrn") != std::string::npos);
    ::setenv("LIVEDREAM_SPEEDUPS", "none", 1);
    auto plain64 = dream::Model::load(path, torch::kCPU, torch::kFloat64);
    ::unsetenv("LIVEDREAM_SPEEDUPS");
    const auto [a64_ref, g64_ref] = step(plain64, torch::kFloat64);
    const auto [a64, g64] = step(fast64, torch::kFloat64);
    CHECK(max_rel(a64, a64_ref) < 1e-12);
    CHECK(max_rel(g64, g64_ref) < 1e-12);
  }

  // bfloat16: the whole network converted (the fused LRN makes that possible), close to float32.
  auto bf16 = dream::Model::load(path, torch::kCPU, torch::kBFloat16);
  CHECK(bf16.speedups().find("bfloat16-network") != std::string::npos);
  CHECK(bf16.input_dtype() == torch::kFloat32);
  const auto [a16, g16] = step(bf16, torch::kBFloat16);
  CHECK((a16 - a_ref).norm().item<double>() / a_ref.norm().item<double>() < 0.05);
  const double cosine = (g16 * g_ref).sum().item<double>() / (g16.norm() * g_ref.norm()).item<double>();
  CHECK(cosine > 0.95);
}
