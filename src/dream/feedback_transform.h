// Feedback between steps for endless dreams: the dream is zoomed, rotated and panned a little
// (one affine resample), then pulled back towards the source by a fraction, before the next step.
#pragma once
#include <torch/script.h>

#include "core/dream_params.h"
#include "dream/zoom_filter.h"

namespace livedream::dream {

struct FeedbackTransform {
  double zoom = 1.0;                        // > 1 zooms in, about the centre
  double rotate_deg = 0.0;                  // the picture turns counter-clockwise on screen
  double pan_x = 0.0;                       // pixels: the view moves right (the picture moves left)
  double pan_y = 0.0;                       // pixels: the view moves down (the picture moves up)
  BorderFill border = BorderFill::Reflect;  // what shows where the moved picture leaves the frame uncovered
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
// soft bands around it. A zoom (with or without a pan) samples each axis on its own with the
// band-limited filter of zoom_filter.h, whose gain is the same at every offset up to 0.7 pi, so
// the fixed point keeps no more of the ascent's detail than any other pixel. A turn samples with
// the quadratic B-spline, whose blur (variance 1/4 px^2 per axis) is the same at every offset
// (its gain for the finest detail is not), as four bilinear fetches. A pan alone (or quarter
// turns) keeps one offset for the whole picture and samples bilinearly: whole-pixel pans stay
// exact.
// The areas a zoom-out, a turn or a pan uncovers (their samples fall outside the picture) are
// filled as transform.border says: the picture mirrored at its edge (reflect), `fill` (the
// source, as it is at that place: source), or the edge pixels stretched out (edge). The
// source fill is blended by how much of each output pixel the moved picture covers, so a
// turned edge stays antialiased.
class FeedbackResampler {
 public:
  // `fill`: the picture (same size) shown where the moved image leaves the frame uncovered; needed
  // only with BorderFill::Source.
  torch::Tensor resample(const torch::Tensor& image, const FeedbackTransform& transform, const torch::Tensor& fill = {});
  // In place: image = resample(image, fill: source); image += source_blend * (source - image).
  // The resample is skipped when the transform is the identity, so the image stays bit for bit
  // what it was.
  void apply(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend);
  // How many times the sampling grid was built. Each build copies the transform (theta) from the
  // host to the device, a host sync on a GPU; a step whose transform, size and device did not
  // change reuses the grid, so a steady zoom costs no host copy per step (tested on the CPU
  // through this count).
  int64_t grids_built() const { return grids_built_; }

 private:
  void prepare(const torch::Tensor& image, const FeedbackTransform& transform);
  FeedbackTransform transform_;
  std::vector<int64_t> sizes_;
  torch::TensorOptions options_;
  torch::Tensor grid_;        // (N, H, W, 2) bilinear, or (N, 2H, 2W, 2): each pixel's 2x2 fetches
  torch::Tensor weights_;     // (1, 1, H, 2, W, 2) the fetches' weights; undefined for bilinear
  torch::Tensor uncovered_;   // (N, 1, H, W) source fill only: 1 - the moved picture's coverage of each pixel
  AxisTaps x_taps_, y_taps_;  // a zoom without a turn: the band-limited filter (zoom_filter.h), axis by axis
  int64_t grids_built_ = 0;
};

// One resample with a fresh resampler (no cache): for tests and one-off uses.
torch::Tensor resample_affine(const torch::Tensor& image, const FeedbackTransform& transform, const torch::Tensor& fill = {});
void apply_feedback(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend);

}  // namespace livedream::dream
