#include "dream/octaves.h"

#include <algorithm>
#include <cmath>

namespace livedream::dream {

std::vector<OctaveSize> octave_sizes(int64_t height, int64_t width, int octaves, double scale, int64_t min_side) {
  std::vector<OctaveSize> sizes;
  const double shortest = static_cast<double>(std::min(height, width));
  // The Python reference (tests/reference) computes the same formula; keep them in step.
  const double min_factor = std::min(1.0, static_cast<double>(min_side) / shortest);
  for (int i = std::max(octaves, 1) - 1; i >= 0; --i) {
    const double factor = std::max(std::pow(scale, -static_cast<double>(i)), min_factor);
    sizes.push_back({static_cast<int64_t>(std::floor(static_cast<double>(height) * factor + 0.5)),
                     static_cast<int64_t>(std::floor(static_cast<double>(width) * factor + 0.5))});
  }
  return sizes;
}

torch::Tensor resample(const torch::Tensor& x, OctaveSize size) {
  if (x.size(2) == size.height && x.size(3) == size.width) return x;
  const std::vector<int64_t> out{size.height, size.width};
  const bool shrinking = size.height < x.size(2) || size.width < x.size(3);
  return shrinking ? torch::_upsample_bilinear2d_aa(x, out, /*align_corners=*/false)
                   : torch::upsample_bilinear2d(x, out, /*align_corners=*/false);
}

}  // namespace livedream::dream
