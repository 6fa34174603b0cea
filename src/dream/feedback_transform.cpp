#include "dream/feedback_transform.h"

#include "dream/zoom_filter.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace livedream::dream {
namespace {

// affine_grid maps each output position, in coordinates normalised to [-1, 1] per axis, to the
// input position it samples. Build that map in pixels about the centre (where rotation keeps
// its angle on a non-square picture), then normalise: theta = D^-1 (R^-1 / zoom) D, offset D^-1 pan,
// with D = diag(W/2, H/2). On screen (y down) a counter-clockwise turn by a maps q to
// (x cos a + y sin a, -x sin a + y cos a), so sampling uses its inverse. align_corners=false:
// -1 and 1 are the outer edges of the border pixels, so the centre of the picture (W/2, H/2 from
// its top-left corner, between pixels on an even side) maps exactly onto itself.
torch::Tensor affine_grid(const torch::Tensor& image, const FeedbackTransform& t) {
  const double half_w = static_cast<double>(image.size(3)) / 2.0, half_h = static_cast<double>(image.size(2)) / 2.0;
  const double a = t.rotate_deg * std::numbers::pi / 180.0;
  const double c = std::cos(a) / t.zoom, s = std::sin(a) / t.zoom;
  const std::vector<double> theta{
      c,
      -s * half_h / half_w,
      t.pan_x / half_w,  //
      s * half_w / half_h,
      c,
      t.pan_y / half_h,
  };
  const auto theta_tensor = torch::tensor(theta, torch::kFloat64).view({1, 2, 3}).expand({image.size(0), 2, 3});
  return torch::affine_grid_generator(theta_tensor.to(image.device()), image.sizes(), /*align_corners=*/false);
}

// The quadratic B-spline at a sample position p (in pixel indices) as two linear fetches: with
// n the nearest pixel and d = p - n in [-1/2, 1/2], the weights of pixels n-1, n, n+1 are
// (1/2 - d)^2 / 2, 3/4 - d^2, (1/2 + d)^2 / 2; the first fetch, weight (1 - d) / 2, sits
// between n-1 and n, the second, weight (1 + d) / 2, between n and n+1.
struct SplineFetches {
  torch::Tensor first, second, first_weight, second_weight;
};

SplineFetches spline_fetches(const torch::Tensor& p) {
  const auto n = p.round();
  const auto d = p - n;
  return {n - (0.5 - d).square() / (1.0 - d), n + (0.5 + d).square() / (1.0 + d), (1.0 - d) * 0.5, (1.0 + d) * 0.5};
}

// grid_sample's padding modes: how a fetch outside the picture reads it.
int64_t padding_mode(BorderFill fill) {
  switch (fill) {
    case BorderFill::Edge: return 1;     // border: clamped to the edge pixels
    case BorderFill::Reflect: return 2;  // reflection about the picture's outer edges
    case BorderFill::Source: return 2;   // mirrored taps keep the picture's own edge pixels unblurred
  }
  return 2;
}

// How much of each output pixel the moved picture covers, from where its centre samples: a sample
// d pixels inside the nearest edge covers min(1, max(0, d + 1/2)) of the pixel per axis (a pixel
// centred on the edge half of it). In normalised coordinates g, the distance inside is
// half * (1 - |g|).
torch::Tensor coverage(const torch::Tensor& grid, double half_w, double half_h) {
  auto inside = [](const torch::Tensor& g, double half) { return ((1.0 - g.abs()) * half + 0.5).clamp(0.0, 1.0); };
  return inside(grid.select(3, 0), half_w) * inside(grid.select(3, 1), half_h);  // (N, H, W)
}

}  // namespace

void FeedbackResampler::prepare(const torch::Tensor& image, const FeedbackTransform& t) {
  const auto options = image.options();
  if (grid_.defined() && t == transform_ && image.sizes().vec() == sizes_ && options.device() == options_.device() &&
      options.dtype() == options_.dtype())
    return;
  ++grids_built_;
  transform_ = t;
  sizes_ = image.sizes().vec();
  options_ = options;
  weights_ = torch::Tensor();
  uncovered_ = torch::Tensor();
  x_taps_ = {};
  y_taps_ = {};
  const auto grid = affine_grid(image, t);  // float64, (N, H, W, 2)
  const int64_t n = image.size(0), h = image.size(2), w = image.size(3);
  const double half_w = static_cast<double>(w) / 2.0, half_h = static_cast<double>(h) / 2.0;
  if (t.border == BorderFill::Source) uncovered_ = (1.0 - coverage(grid, half_w, half_h)).unsqueeze(1).to(options.dtype()).contiguous();
  if (t.zoom == 1.0 && std::fmod(t.rotate_deg, 90.0) == 0.0) {
    grid_ = grid.to(options.dtype());  // one offset for every pixel: bilinear keeps the picture even
    return;
  }
  if (std::fmod(t.rotate_deg, 360.0) == 0.0) {  // a zoom (and pan): each axis on its own, band-limited
    auto positions = [](int64_t length, double zoom, double pan) {
      const double half = static_cast<double>(length) / 2.0;
      return (torch::arange(length, torch::kFloat64) + 0.5 - half) / zoom + (half - 0.5 + pan);
    };
    const auto filter_border = t.border == BorderFill::Edge ? BorderFill::Edge : BorderFill::Reflect;
    x_taps_ = zoom_filter_taps(positions(w, t.zoom, t.pan_x), w, filter_border, options.dtype().toScalarType(), options.device());
    y_taps_ = zoom_filter_taps(positions(h, t.zoom, t.pan_y), h, filter_border, options.dtype().toScalarType(), options.device());
    grid_ = grid;  // marks the preparation done; the taps do the sampling
    return;
  }
  // Normalised [-1, 1] -> pixel indices (pixel j spans [j, j + 1), its centre at j + 1/2) and back.
  const auto xs = spline_fetches((grid.select(3, 0) + 1.0) * half_w - 0.5);
  const auto ys = spline_fetches((grid.select(3, 1) + 1.0) * half_h - 0.5);
  auto normalise = [](const torch::Tensor& p, double half) { return (p + 0.5) / half - 1.0; };
  // Output pixel (i, j) reads the 2x2 block (2i + a, 2j + b) of the grid: fetch a in y, b in x.
  const auto gx = torch::stack({normalise(xs.first, half_w), normalise(xs.second, half_w)}, -1)  // (N, H, W, 2)
                      .unsqueeze(2)
                      .expand({n, h, 2, w, 2});
  const auto gy = torch::stack({normalise(ys.first, half_h), normalise(ys.second, half_h)}, -1)
                      .permute({0, 1, 3, 2})
                      .unsqueeze(-1)
                      .expand({n, h, 2, w, 2});
  grid_ = torch::stack({gx, gy}, -1).reshape({n, 2 * h, 2 * w, 2}).to(options.dtype()).contiguous();
  const auto wx = torch::stack({xs.first_weight, xs.second_weight}, -1).unsqueeze(2);                         // (N, H, 1, W, 2)
  const auto wy = torch::stack({ys.first_weight, ys.second_weight}, -1).permute({0, 1, 3, 2}).unsqueeze(-1);  // (N, H, 2, W, 1)
  weights_ = (wy * wx).unsqueeze(1).to(options.dtype()).contiguous();                                         // (N, 1, H, 2, W, 2)
}

torch::Tensor FeedbackResampler::resample(const torch::Tensor& image, const FeedbackTransform& transform, const torch::Tensor& fill) {
  if (transform.border == BorderFill::Source && !fill.defined())
    throw std::logic_error("FeedbackResampler::resample: the source border fill needs the picture to fill with");
  prepare(image, transform);
  if (x_taps_.index.defined()) {
    auto sampled = resample_axis(resample_axis(image, 3, x_taps_), 2, y_taps_);
    if (uncovered_.defined()) sampled.lerp_(fill, uncovered_);
    return sampled;
  }
  auto sampled = torch::grid_sampler(image, grid_, /*interpolation_mode=bilinear*/ 0, padding_mode(transform.border),
                                     /*align_corners=*/false);
  if (weights_.defined())
    sampled = sampled.view({image.size(0), image.size(1), image.size(2), 2, image.size(3), 2}).mul_(weights_).sum({3, 5});
  if (uncovered_.defined()) sampled.lerp_(fill, uncovered_);
  return sampled;
}

void FeedbackResampler::apply(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend) {
  if (!transform.is_identity()) image = resample(image, transform, source);
  if (source_blend > 0.0) image.lerp_(source, source_blend);
}

torch::Tensor resample_affine(const torch::Tensor& image, const FeedbackTransform& transform, const torch::Tensor& fill) {
  return FeedbackResampler().resample(image, transform, fill);
}

void apply_feedback(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend) {
  FeedbackResampler().apply(image, source, transform, source_blend);
}

}  // namespace livedream::dream
