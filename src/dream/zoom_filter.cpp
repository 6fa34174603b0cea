#include "dream/zoom_filter.h"

#include <numbers>
#include <stdexcept>

namespace livedream::dream {
namespace {

// The raised-cosine spectrum: 1 up to kPass, falling as a half cosine to 0 at kStop (radians per
// pixel). Its kernel is the raised-cosine pulse, centre frequency (kPass + kStop) / 2 and
// roll-off width kStop - kPass.
constexpr double kPass = 0.2 * std::numbers::pi;
constexpr double kStop = 1.3 * std::numbers::pi;
constexpr double kReach = 3.0;  // the kernel is cut at |x| < 3: six taps

}  // namespace

torch::Tensor zoom_filter_kernel(const torch::Tensor& x) {
  constexpr double centre = (kPass + kStop) / 2.0, width = kStop - kPass, pi = std::numbers::pi;
  const auto main_lobe = torch::sinc(x * (centre / pi)) * (centre / pi);
  const auto denominator = 1.0 - (x * (width / pi)).square();
  // At |x| = pi / width the roll-off factor is 0/0; its limit there is pi / 4.
  const auto singular = denominator.abs() < 1e-9;
  const auto roll_off = torch::where(singular, torch::full_like(x, pi / 4.0), torch::cos(x * (width / 2.0)) / denominator);
  return torch::where(x.abs() < kReach, main_lobe * roll_off, torch::zeros_like(x));
}

AxisTaps zoom_filter_taps(const torch::Tensor& positions, int64_t length, BorderFill border, torch::ScalarType dtype,
                          torch::Device device) {
  if (length < 1) throw std::invalid_argument("zoom_filter_taps: an axis needs at least one pixel");
  const auto p = positions.to(torch::kFloat64).view({-1, 1});
  const auto offsets = torch::arange(-2, 4, torch::kFloat64).view({1, kZoomFilterTaps});
  const auto taps = p.floor() + offsets;  // (M, 6): the pixels within 3 of each position
  const auto x = taps - p;
  auto w = zoom_filter_kernel(x);
  // Weights summing to 1 with no first moment, so that constant and linear pictures come out
  // exactly (the cut kernel alone is off by up to 0.01 px): normalised, then the first moment
  // moved off by the two taps either side of the position (offsets 0 and 1), which shifts it by
  // their distance, one pixel. (A correction by a polynomial factor cannot work: this kernel's
  // second moment is about zero, its spectrum flat at 0.)
  w = w / w.sum(1, true);
  const auto first_moment = (w * x).sum(1);
  w.select(1, 2).add_(first_moment);
  w.select(1, 3).sub_(first_moment);
  auto index = taps.to(torch::kInt64);
  if (border == BorderFill::Edge) {
    index = index.clamp(0, length - 1);
  } else {  // the half-sample mirror, repeated: ... 1 0 | 0 1 ... n-1 | n-1 n-2 ...
    const auto folded = torch::remainder(index, 2 * length);
    index = torch::where(folded < length, folded, 2 * length - 1 - folded);
  }
  // Tap-major (tap k of every position, then tap k + 1): the gather then reads whole rows.
  return {index.t().reshape({-1}).to(device), w.t().to(dtype).to(device).contiguous()};
}

torch::Tensor resample_axis(const torch::Tensor& image, int64_t dim, const AxisTaps& taps) {
  if (dim == 3) {
    // Gathering along the innermost dimension is slow (a scattered read per element: 38 ms at
    // 512x384 against 4 ms for rows), so columns are resampled as the rows of the transposed picture.
    return resample_axis(image.transpose(2, 3).contiguous(), 2, taps).transpose(2, 3).contiguous();
  }
  if (dim != 2) throw std::invalid_argument("resample_axis: dim must be 2 (rows) or 3 (columns)");
  const int64_t m = taps.weight.size(1);
  const auto gathered = image.index_select(2, taps.index).view({image.size(0), image.size(1), kZoomFilterTaps, m, image.size(3)});
  auto out = gathered.select(2, 0) * taps.weight[0].view({1, 1, m, 1});
  for (int64_t k = 1; k < kZoomFilterTaps; ++k) out.addcmul_(gathered.select(2, k), taps.weight[k].view({1, 1, m, 1}));
  return out;
}

}  // namespace livedream::dream
