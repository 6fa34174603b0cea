// The feedback zoom's band-limited filter (issue 24, the endless zoom's seam): against a direct
// scalar implementation of the raised-cosine kernel, its gain the same at every sub-pixel offset
// (what keeps the zoom's fixed point from collecting detail), never above 1, and a ramp kept.
#include <torch/torch.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dream/feedback_transform.h"
#include "dream/zoom_filter.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::dream;

namespace {

// The raised-cosine pulse with its spectrum flat to 0.2 pi and zero from 1.3 pi, cut at |x| < 3,
// written out for one number: k(x) = 0.75 sinc(0.75 x) cos(0.55 pi x) / (1 - (1.1 x)^2).
double kernel(double x) {
  constexpr double pi = std::numbers::pi;
  if (std::abs(x) >= 3.0) return 0.0;
  const double sinc = x == 0.0 ? 1.0 : std::sin(0.75 * pi * x) / (0.75 * pi * x);
  const double denominator = 1.0 - 1.1 * x * 1.1 * x;
  const double roll_off = std::abs(denominator) < 1e-9 ? pi / 4.0 : std::cos(0.55 * pi * x) / denominator;
  return 0.75 * sinc * roll_off;
}

int mirror(int i, int n) {
  while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - 1 - i;
  return i;
}

// One output value of one axis: the six pixels within 3 of p, weighted by the kernel made to sum
// to 1, its first moment moved off by the two pixels either side of p.
double sample_axis(const std::vector<double>& row, double p) {
  const int n = static_cast<int>(row.size()), first = static_cast<int>(std::floor(p)) - 2;
  double weights[6], sum = 0, moment = 0;
  for (int k = 0; k < 6; ++k) sum += weights[k] = kernel(first + k - p);
  for (int k = 0; k < 6; ++k) moment += (weights[k] /= sum) * (first + k - p);
  weights[2] += moment;
  weights[3] -= moment;
  double value = 0;
  for (int k = 0; k < 6; ++k) value += weights[k] * row[mirror(first + k, n)];
  return value;
}

// The zoom's gain for a wave of `omega` radians per pixel at each output pixel of a row: the
// output's amplitude over the input's, from the responses to its cosine and its sine.
torch::Tensor gain_per_pixel(double zoom, double omega, int64_t width) {
  const auto x = torch::arange(width, torch::kFloat64);
  const auto positions = (x + 0.5 - width / 2.0) / zoom + (width / 2.0 - 0.5);
  const auto taps = zoom_filter_taps(positions, width, BorderFill::Reflect, torch::kFloat64, torch::kCPU);
  auto wave = [&](bool sine) { return (sine ? torch::sin(x * omega) : torch::cos(x * omega)).view({1, 1, 1, width}); };
  const auto c = resample_axis(wave(false), 3, taps).flatten(), s = resample_axis(wave(true), 3, taps).flatten();
  return (c.square() + s.square()).sqrt();
}

}  // namespace

TEST_CASE("the zoom filter resamples as a direct implementation of its kernel does, axis by axis") {
  torch::manual_seed(5);
  const int64_t h = 13, w = 17;
  const auto image = torch::rand({1, 2, h, w}, torch::kFloat64);
  const FeedbackTransform t{1.37, 0.0, 1.5, -2.25, BorderFill::Reflect};
  const auto out = resample_affine(image, t);
  double worst = 0;
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j) {
        const double px = (j + 0.5 - w / 2.0) / t.zoom + w / 2.0 - 0.5 + t.pan_x;
        const double py = (i + 0.5 - h / 2.0) / t.zoom + h / 2.0 - 0.5 + t.pan_y;
        // Columns first, then rows: each row resampled at px, then those values at py.
        std::vector<double> column;
        for (int64_t r = 0; r < h; ++r) {
          std::vector<double> row;
          for (int64_t k = 0; k < w; ++k) row.push_back(image[0][c][r][k].item<double>());
          column.push_back(sample_axis(row, px));
        }
        worst = std::max(worst, std::abs(out[0][c][i][j].item<double>() - sample_axis(column, py)));
      }
  CHECK(worst < 1e-9);
}

TEST_CASE("the zoom filter's gain is the same at every sub-pixel offset, never above 1, and a ramp stays a ramp") {
  const int64_t width = 256;
  for (const double omega : {0.25, 0.5, 0.65}) {
    const auto gain = gain_per_pixel(1.02, omega * std::numbers::pi, width).slice(0, 8, width - 8);  // away from the mirror
    const double lowest = gain.min().item<double>(), highest = gain.max().item<double>();
    INFO("omega " << omega << " pi: gain " << lowest << " .. " << highest);
    CHECK(highest / lowest < 1.04);  // the quadratic B-spline: 1.003, 1.06, 1.22
  }
  // No frequency, no offset gains: a zoom applied step after step never amplifies anything.
  for (double omega = 0.0; omega <= 1.0; omega += 0.05)
    CHECK(gain_per_pixel(1.07, omega * std::numbers::pi, 64).max().item<double>() <= 1.0 + 1e-9);
  // Constant and linear pictures come out exactly: the weights have no first moment.
  const auto ramp = torch::arange(0, 64, torch::kFloat64).view({1, 1, 1, 64}).expand({1, 1, 4, 64}).contiguous();
  const auto zoomed = resample_affine(ramp, {1.3, 0.0, 0.0, 0.0});
  for (const int64_t j : {10, 31, 32, 50}) CHECK(zoomed[0][0][2][j].item<double>() == Approx((j + 0.5 - 32.0) / 1.3 + 31.5).margin(1e-9));
}
