// Lucid's transformation robustness (lucid/optvis/transform.py standard_transforms: pad 12,
// jitter 8, random scale 0.9..1.1, random rotation -10..10 degrees, jitter 4) as one
// differentiable affine resample of the image. The network sees the transformed picture; the
// gradient maps back to the image through the resample's adjoint, so the dream grows features
// that survive small moves, zooms and turns instead of pixel-exact patterns.
#pragma once
#include <torch/script.h>

#include "dream/jitter.h"

namespace livedream::dream {

// One draw of the random transform. Offsets are in pixels, angles in degrees.
struct RobustTransform {
  double scale = 1.0, angle_deg = 0.0;
  double first_dx = 0, first_dy = 0;    // the jitter before scale and rotation (Lucid's jitter(8))
  double second_dx = 0, second_dy = 0;  // the jitter after them (Lucid's jitter(4))
};

class RobustTransforms {
 public:
  static constexpr int kPad = 12, kFirstJitter = 8, kSecondJitter = 4;

  // Lucid's choices: scales 1 + (i - 5) / 50 for i in 0..10, angles -10..10 with 0 five times
  // more likely, jitters uniform over their ranges. Drawn from the dream's own seeded generator.
  static RobustTransform draw(RollJitter& rng);

  // The canvas the network sees: the image padded by kPad on every side, less both jitters'
  // crops: (H + 12) x (W + 12). Constant for a given image size (Lucid's canvas changes size with
  // the scale; a constant one keeps every step's shapes equal for the allocator and CUDA graphs).
  static int64_t canvas_extent(int64_t image_extent) { return image_extent + 2 * kPad - kFirstJitter - kSecondJitter; }

  // The sampling grid for grid_sample (align_corners false): (1, Hc, Wc, 2), mapping each canvas
  // pixel to the image point it shows. Built with scalar arithmetic on a cached coordinate grid:
  // no host-to-device copy, no sync.
  torch::Tensor grid(const RobustTransform& transform, int64_t height, int64_t width, const torch::TensorOptions& options);

  // The transformed picture, (N, C, Hc, Wc); outside the image it is 0 (mid-grey in [-1, 1], the
  // value Lucid pads with).
  torch::Tensor apply(const torch::Tensor& image, const torch::Tensor& grid) const;
  // The image gradient from the canvas gradient: the adjoint of apply() (grid_sample's backward).
  torch::Tensor gradient_to_image(const torch::Tensor& canvas_gradient, const torch::Tensor& image, const torch::Tensor& grid) const;

 private:
  torch::Tensor base_x_, base_y_;  // canvas pixel centres relative to the canvas centre, cached per size
  torch::Tensor grid_;             // reused between steps of the same size
};

}  // namespace livedream::dream
