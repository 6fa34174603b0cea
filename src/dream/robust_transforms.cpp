#include "dream/robust_transforms.h"

#include <ATen/ATen.h>

#include <cmath>

namespace livedream::dream {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Uniform integer offset in [-max_offset, max_offset]: a crop of a canvas max_offset * 2 larger,
// at a random place, seen from the canvas centre.
double centred_offset(RollJitter& rng, int range) { return static_cast<double>(rng.pick(range + 1)) - range / 2.0; }

}  // namespace

RobustTransform RobustTransforms::draw(RollJitter& rng) {
  RobustTransform t;
  t.first_dx = centred_offset(rng, kFirstJitter);
  t.first_dy = centred_offset(rng, kFirstJitter);
  t.scale = 1.0 + (static_cast<double>(rng.pick(11)) - 5.0) / 50.0;
  // range(-10, 11) + 5 * [0]: 26 choices, the last five of them 0.
  const auto angle = static_cast<int64_t>(rng.pick(26));
  t.angle_deg = angle < 21 ? static_cast<double>(angle - 10) : 0.0;
  t.second_dx = centred_offset(rng, kSecondJitter);
  t.second_dy = centred_offset(rng, kSecondJitter);
  return t;
}

torch::Tensor RobustTransforms::grid(const RobustTransform& t, int64_t height, int64_t width, const torch::TensorOptions& options) {
  const int64_t canvas_h = canvas_extent(height), canvas_w = canvas_extent(width);
  if (!base_x_.defined() || base_x_.size(1) != canvas_h || base_x_.size(2) != canvas_w || base_x_.device() != options.device() ||
      base_x_.scalar_type() != options.dtype().toScalarType()) {
    const auto xs = torch::arange(canvas_w, options) + (0.5 - canvas_w / 2.0);
    const auto ys = torch::arange(canvas_h, options) + (0.5 - canvas_h / 2.0);
    base_x_ = xs.view({1, 1, canvas_w}).expand({1, canvas_h, canvas_w}).contiguous();
    base_y_ = ys.view({1, canvas_h, 1}).expand({1, canvas_h, canvas_w}).contiguous();
    grid_ = torch::empty({1, canvas_h, canvas_w, 2}, options);
  }
  // A canvas pixel u shows the image point x = R(-angle) (u + second) / scale + first (pixels,
  // about the centres), in grid_sample's units x / (extent / 2).
  const double radians = t.angle_deg * kPi / 180.0;
  const double c = std::cos(radians), s = std::sin(radians);
  const double sx = 2.0 / (t.scale * static_cast<double>(width)), sy = 2.0 / (t.scale * static_cast<double>(height));
  const double shift_x = (c * t.second_dx + s * t.second_dy) * sx + t.first_dx * 2.0 / static_cast<double>(width);
  const double shift_y = (-s * t.second_dx + c * t.second_dy) * sy + t.first_dy * 2.0 / static_cast<double>(height);
  auto gx = grid_.select(3, 0);
  auto gy = grid_.select(3, 1);
  torch::mul_out(gx, base_x_, c * sx).add_(base_y_, s * sx).add_(shift_x);
  torch::mul_out(gy, base_y_, c * sy).add_(base_x_, -s * sy).add_(shift_y);
  return grid_;
}

torch::Tensor RobustTransforms::apply(const torch::Tensor& image, const torch::Tensor& grid) const {
  return torch::grid_sampler(image, grid.expand({image.size(0), -1, -1, -1}), /*bilinear*/ 0, /*zeros*/ 0, /*align_corners=*/false);
}

torch::Tensor RobustTransforms::gradient_to_image(const torch::Tensor& canvas_gradient, const torch::Tensor& image,
                                                  const torch::Tensor& grid) const {
  const auto expanded = grid.expand({image.size(0), -1, -1, -1});
  return std::get<0>(at::grid_sampler_2d_backward(canvas_gradient.to(image.scalar_type()), image, expanded, /*bilinear*/ 0,
                                                  /*zeros*/ 0, /*align_corners=*/false, {true, false}));
}

}  // namespace livedream::dream
