// PLACEHOLDER until the lead's src/dream/precondition.h lands on main (same interface): gradient
// preconditioning for feature visualization. Replaced by main's file at the merge.
#pragma once
#include <torch/fft.h>
#include <torch/script.h>

#include <algorithm>

#include <string>

namespace livedream {
enum class Precondition { None, Laplacian, Fourier, Smooth };
}

namespace livedream::dream {

class Preconditioner {
 public:
  explicit Preconditioner(Precondition mode) : mode_(mode) {}
  // Fourier: the gradient's spectrum scaled by 1/frequency (Lucid's fft parameterisation seen as
  // a preconditioner), so low frequencies grow first and the picture is not high-frequency noise.
  torch::Tensor apply(const torch::Tensor& gradient, float /*progress*/ = 1.0f) const {
    if (mode_ != Precondition::Fourier) return gradient;
    const int64_t h = gradient.size(2), w = gradient.size(3);
    if (!scale_.defined() || scale_.size(0) != h || scale_.size(1) != w / 2 + 1 || scale_.device() != gradient.device()) {
      const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(gradient.device());
      const auto fy = torch::fft::fftfreq(h, opts).view({-1, 1});
      const auto fx = torch::fft::rfftfreq(w, opts).view({1, -1});
      auto scale = 1.0 / torch::clamp_min(torch::sqrt(fx * fx + fy * fy), 1.0 / std::max(h, w));
      scale_ = scale / scale.mean();
    }
    const auto spectrum = torch::fft::rfft2(gradient.to(torch::kFloat32)) * scale_;
    return torch::fft::irfft2(spectrum, c10::IntArrayRef{h, w});
  }

 private:
  Precondition mode_;
  mutable torch::Tensor scale_;
};

}  // namespace livedream::dream
