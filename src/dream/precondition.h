// Gradient preconditioners from the feature-visualization work that followed DeepDream: each
// reshapes the image gradient before the step so the ascent favours larger, smoother structures
// over the high-frequency patterns a raw gradient grows. Applied after the gradient is assembled
// (tiles joined, roll undone) and before it is normalised, so the step size keeps its meaning.
#pragma once
#include <torch/script.h>

#include "core/dream_params.h"

namespace livedream::dream {

// Mordvintsev's lap_normalize (the TensorFlow DeepDream notebook, "Laplacian pyramid gradient
// normalization"): split into `levels` Laplacian bands with the 5-tap [1,4,6,4,1] kernel (a
// stride-2 'SAME' convolution down, its transpose times 4 up), divide each band by its RMS
// (per image of the batch), merge. `gradient` is (N, C, H, W).
torch::Tensor laplacian_normalize(const torch::Tensor& gradient, int levels = 4);

// Lucid's Fourier, colour-decorrelated parameterisation used as a preconditioner: each channel's
// spectrum is scaled by 1 / max(f, 1 / max(H, W)) (f in cycles per pixel, lucid's fft_image
// scale with decay power 1), then the colours are mixed by M M^T, M being lucid's
// color_correlation_svd_sqrt divided by its largest column norm (what a gradient step in
// decorrelated space does to the image). An Adam step in Lucid's parameter space gives image
// changes with this 1/f spectrum; here a plain step on the filtered gradient does.
torch::Tensor fourier_precondition(const torch::Tensor& gradient);

// gordicaleksa/pytorch-deepdream's CascadeGaussianSmoothing: the mean of three Gaussian blurs of
// the gradient (9-tap kernels, widths 0.5, 1 and 2 times sigma, reflect padding), sigma growing
// from 0.5 to 2.5 over the octave's steps: sigma = 0.5 + 2 * progress. Separable (two 1-D passes
// per blur), which is the same arithmetic as the 2-D kernel in fewer operations.
torch::Tensor cascade_gaussian_smooth(const torch::Tensor& gradient, double sigma);
double smooth_sigma(float progress);

// Applies one mode. The small constant tensors the modes need (kernels, colour matrix, spectrum
// scales) are made once per device, dtype and size and shared (a locked process-wide cache), so a
// step never rebuilds them or copies them to the device again.
class Preconditioner {
 public:
  explicit Preconditioner(Precondition mode = Precondition::None) : mode_(mode) {}
  Precondition mode() const { return mode_; }
  void set_mode(Precondition mode) { mode_ = mode; }

  // `gradient` is (N, 3, H, W) (any floating dtype, any device). `progress` in [0, 1] is how far
  // the current octave's steps have gone (only the smooth mode uses it). None: the input itself.
  torch::Tensor apply(const torch::Tensor& gradient, float progress = 1.0f) const;

 private:
  Precondition mode_;
};

}  // namespace livedream::dream
