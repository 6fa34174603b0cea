#include "dream/feedback_transform.h"

#include <cmath>
#include <numbers>

namespace livedream::dream {

torch::Tensor resample_affine(const torch::Tensor& image, const FeedbackTransform& t) {
  // affine_grid maps each output position, in coordinates normalised to [-1, 1] per axis, to the
  // input position it samples. Build that map in pixels about the centre (where rotation keeps
  // its angle on a non-square picture), then normalise: theta = D^-1 (R^-1 / zoom) D, offset D^-1 pan,
  // with D = diag(W/2, H/2). On screen (y down) a counter-clockwise turn by a maps q to
  // (x cos a + y sin a, -x sin a + y cos a), so sampling uses its inverse.
  const double half_w = static_cast<double>(image.size(3)) / 2.0, half_h = static_cast<double>(image.size(2)) / 2.0;
  const double a = t.rotate_deg * std::numbers::pi / 180.0;
  const double c = std::cos(a) / t.zoom, s = std::sin(a) / t.zoom;
  const std::vector<double> theta{
      c, -s * half_h / half_w, t.pan_x / half_w,  //
      s * half_w / half_h, c, t.pan_y / half_h,
  };
  const auto theta_tensor = torch::tensor(theta, torch::kFloat64).view({1, 2, 3}).expand({image.size(0), 2, 3});
  const auto grid = torch::affine_grid_generator(theta_tensor.to(image.options()), image.sizes(), /*align_corners=*/false);
  return torch::grid_sampler(image, grid, /*interpolation_mode=bilinear*/ 0, /*padding_mode=reflection*/ 2,
                             /*align_corners=*/false);
}

void apply_feedback(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend) {
  if (!transform.is_identity()) image = resample_affine(image, transform);
  if (source_blend > 0.0) image.lerp_(source, source_blend);
}

}  // namespace livedream::dream
