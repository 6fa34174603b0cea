#include "dream/precondition.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>
#include <vector>

namespace livedream::dream {
namespace {
namespace F = torch::nn::functional;

// The constants a mode needs, made once per device, dtype and size. A process-wide cache, shared
// by every Preconditioner: the tensors are immutable, and each is a few kilobytes at most.
struct ConstantKey {
  int kind;  // 0: Laplacian kernel, 1: colour matrix, 2: spectrum scale, 3: Gaussian pair
  int64_t a, b;
  int device_type, device_index, dtype;
  bool operator<(const ConstantKey& o) const {
    return std::tie(kind, a, b, device_type, device_index, dtype) < std::tie(o.kind, o.a, o.b, o.device_type, o.device_index, o.dtype);
  }
};

torch::Tensor cached(const ConstantKey& key, const std::function<torch::Tensor()>& make) {
  static std::mutex mutex;
  static std::map<ConstantKey, torch::Tensor> constants;
  std::lock_guard lock(mutex);
  auto found = constants.find(key);
  if (found == constants.end()) found = constants.emplace(key, make()).first;
  return found->second;
}

ConstantKey key_for(int kind, int64_t a, int64_t b, const torch::Tensor& like) {
  return {
      kind, a, b, static_cast<int>(like.device().type()), static_cast<int>(like.device().index()), static_cast<int>(like.scalar_type())};
}

// The notebook's k5x5: outer([1,4,6,4,1]) / 256, one per channel (a depthwise convolution).
torch::Tensor laplacian_kernel(const torch::Tensor& like) {
  const int64_t channels = like.size(1);
  return cached(key_for(0, channels, 0, like), [&] {
    const auto k1 = torch::tensor({1.0, 4.0, 6.0, 4.0, 1.0}, torch::kFloat64);
    const auto k2 = torch::outer(k1, k1) / 256.0;
    return k2.view({1, 1, 5, 5}).repeat({channels, 1, 1, 1}).to(like.options());
  });
}

// TensorFlow's 'SAME' padding for a stride-2, 5-tap convolution: the output has ceil(n / 2)
// samples; the total padding is split with the smaller half first.
std::pair<int64_t, int64_t> same_padding(int64_t length) {
  const int64_t out = (length + 1) / 2;
  const int64_t total = std::max<int64_t>((out - 1) * 2 + 5 - length, 0);
  return {total / 2, total - total / 2};
}

// tf.nn.conv2d(x, k5x5, [1,2,2,1], 'SAME'), zero padded.
torch::Tensor blur_down(const torch::Tensor& x, const torch::Tensor& kernel) {
  const auto [top, bottom] = same_padding(x.size(2));
  const auto [left, right] = same_padding(x.size(3));
  const auto padded = F::pad(x, F::PadFuncOptions({left, right, top, bottom}));
  return F::conv2d(padded, kernel, F::Conv2dFuncOptions().stride(2).groups(x.size(1)));
}

// tf.nn.conv2d_transpose(x, k5x5 * 4, shape, [1,2,2,1], 'SAME'): the adjoint of blur_down (times
// 4), i.e. a full transposed convolution cropped by the padding blur_down added.
torch::Tensor blur_up(const torch::Tensor& x, const torch::Tensor& kernel, int64_t height, int64_t width) {
  const auto full = F::conv_transpose2d(x, kernel * 4.0, F::ConvTranspose2dFuncOptions().stride(2).groups(x.size(1)));
  const int64_t top = same_padding(height).first, left = same_padding(width).first;
  return full.slice(2, top, top + height).slice(3, left, left + width);
}

torch::Tensor normalize_rms(const torch::Tensor& x) { return x / x.square().mean({1, 2, 3}, /*keepdim=*/true).sqrt().clamp_min(1e-10); }

// lucid/optvis/param/color.py: color_correlation_svd_sqrt / max_norm_svd_sqrt, then M M^T.
torch::Tensor colour_mixing(const torch::Tensor& like) {
  return cached(key_for(1, 0, 0, like), [&] {
    const auto m = torch::tensor({0.26, 0.09, 0.02, 0.27, 0.00, -0.05, 0.27, -0.09, 0.03}, torch::kFloat64).view({3, 3});
    const auto normalised = m / m.norm(2, /*dim=*/0).max();
    return normalised.mm(normalised.t()).to(like.options());
  });
}

// lucid/optvis/param/spatial.py rfft2d_freqs + fft_image's scale, decay power 1.
torch::Tensor spectrum_scale(int64_t height, int64_t width, const torch::Tensor& like) {
  return cached(key_for(2, height, width, like), [&] {
    auto fy = torch::fft::fftfreq(height, torch::kFloat64).view({-1, 1});
    auto fx = torch::fft::rfftfreq(width, torch::kFloat64).view({1, -1});
    auto freqs = (fy.square() + fx.square()).sqrt();
    return (1.0 / freqs.clamp_min(1.0 / static_cast<double>(std::max(height, width)))).to(like.options());
  });
}

// Two 1-D 9-tap Gaussians (the 2-D kernel is their outer product, normalised to sum 1 as
// pytorch-deepdream does): (C, 1, 9, 1) and (C, 1, 1, 9).
std::pair<torch::Tensor, torch::Tensor> gaussian_pair(double sigma, const torch::Tensor& like) {
  const int64_t channels = like.size(1);
  const int64_t milli_sigma = std::llround(sigma * 1000.0);
  const auto make = [&](bool vertical) {
    return cached(key_for(vertical ? 3 : 4, channels, milli_sigma, like), [&] {
      const auto grid = torch::arange(9, torch::kFloat64) - 4.0;
      auto k = torch::exp(-(grid / sigma).square() / 2.0);
      k = k / k.sum();
      return (vertical ? k.view({1, 1, 9, 1}) : k.view({1, 1, 1, 9})).repeat({channels, 1, 1, 1}).to(like.options());
    });
  };
  return {make(true), make(false)};
}

}  // namespace

torch::Tensor laplacian_normalize(const torch::Tensor& gradient, int levels) {
  const auto kernel = laplacian_kernel(gradient);
  std::vector<torch::Tensor> highs;
  torch::Tensor low = gradient;
  for (int i = 0; i < levels; ++i) {
    auto next = blur_down(low, kernel);
    highs.push_back(low - blur_up(next, kernel, low.size(2), low.size(3)));
    low = std::move(next);
  }
  auto merged = normalize_rms(low);
  for (auto it = highs.rbegin(); it != highs.rend(); ++it) merged = blur_up(merged, kernel, it->size(2), it->size(3)) + normalize_rms(*it);
  return merged;
}

torch::Tensor fourier_precondition(const torch::Tensor& gradient) {
  // The FFT wants float32 or float64; reduced-precision gradients go through float32.
  const auto work_dtype = gradient.scalar_type() == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
  const auto g = gradient.to(work_dtype);
  const int64_t height = g.size(2), width = g.size(3);
  const auto spectrum = torch::fft::rfft2(g) * spectrum_scale(height, width, g);
  const auto filtered = torch::fft::irfft2(spectrum, std::vector<int64_t>{height, width});
  // Colours: out[c] = sum_k M[c][k] in[k] at every pixel.
  const auto mixed = torch::einsum("ck,nkhw->nchw", {colour_mixing(g), filtered});
  return mixed.to(gradient.scalar_type());
}

double smooth_sigma(float progress) { return 0.5 + 2.0 * std::clamp(static_cast<double>(progress), 0.0, 1.0); }

torch::Tensor cascade_gaussian_smooth(const torch::Tensor& gradient, double sigma) {
  const auto padded = F::pad(gradient, F::PadFuncOptions({4, 4, 4, 4}).mode(torch::kReflect));
  const auto groups = F::Conv2dFuncOptions().groups(gradient.size(1));
  torch::Tensor sum;
  for (const double factor : {0.5, 1.0, 2.0}) {
    const auto [vertical, horizontal] = gaussian_pair(sigma * factor, gradient);
    auto blurred = F::conv2d(F::conv2d(padded, vertical, groups), horizontal, groups);
    sum = sum.defined() ? sum.add_(blurred) : blurred;
  }
  return sum.div_(3.0);
}

torch::Tensor Preconditioner::apply(const torch::Tensor& gradient, float progress) const {
  switch (mode_) {
    case Precondition::None: return gradient;
    case Precondition::Laplacian: return laplacian_normalize(gradient);
    case Precondition::Fourier: return fourier_precondition(gradient);
    case Precondition::Smooth: return cascade_gaussian_smooth(gradient, smooth_sigma(progress));
  }
  return gradient;
}

}  // namespace livedream::dream
