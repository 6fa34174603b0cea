// Feedback between steps for endless dreams: the dream is zoomed, rotated and panned a little
// (one affine resample), then pulled back towards the source by a fraction, before the next step.
#pragma once
#include <torch/script.h>

namespace livedream::dream {

struct FeedbackTransform {
  double zoom = 1.0;        // > 1 zooms in, about the centre
  double rotate_deg = 0.0;  // the picture turns counter-clockwise on screen
  double pan_x = 0.0;       // pixels: the view moves right (the picture moves left)
  double pan_y = 0.0;       // pixels: the view moves down (the picture moves up)
  bool is_identity() const { return zoom == 1.0 && rotate_deg == 0.0 && pan_x == 0.0 && pan_y == 0.0; }
  bool operator==(const FeedbackTransform&) const = default;
};

// Resamples (N, C, H, W) pictures by a transform, again and again (one call per step), keeping
// the sampling grid and the filter weights while the transform, the size and the tensor options
// stay the same (no per-step grid, no host-to-device copy).
//
// The filter: a zoom or a turn puts every output pixel at a different sub-pixel offset from
// the input grid. An interpolating filter (bilinear) blurs a pixel by an amount that depends on
// that offset, from nothing (offset 0: the centre column and row of a zoom, forever) to half a
// pixel (offset 1/2); repeated every step, this leaves a sharp cross through the centre and
// soft bands around it. So those transforms sample with the quadratic B-spline, whose blur
// (variance 1/4 px^2 per axis, what bilinear does at its worst) is the same at every offset,
// as four bilinear fetches. A pan alone (or quarter turns) keeps one offset for the whole
// picture and samples bilinearly: whole-pixel pans stay exact.
// Areas that come from outside the picture are mirrored in (reflection padding), so zooming out
// or panning leaves no black edges.
class FeedbackResampler {
 public:
  torch::Tensor resample(const torch::Tensor& image, const FeedbackTransform& transform);
  // In place: image = resample(image); image += source_blend * (source - image). The resample is
  // skipped when the transform is the identity, so the image stays bit for bit what it was.
  void apply(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend);

 private:
  void prepare(const torch::Tensor& image, const FeedbackTransform& transform);
  FeedbackTransform transform_;
  std::vector<int64_t> sizes_;
  torch::TensorOptions options_;
  torch::Tensor grid_;     // (N, H, W, 2) bilinear, or (N, 2H, 2W, 2): each pixel's 2x2 fetches
  torch::Tensor weights_;  // (1, 1, H, 2, W, 2) the fetches' weights; undefined for bilinear
};

// One resample with a fresh resampler (no cache): for tests and one-off uses.
torch::Tensor resample_affine(const torch::Tensor& image, const FeedbackTransform& transform);
void apply_feedback(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend);

}  // namespace livedream::dream
