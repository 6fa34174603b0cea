#include "video/scene_cut.h"

#include <array>
#include <cmath>

namespace livedream::video {
namespace {

// 32 bins: coarse enough that noise and a little motion do not move pixels between bins much.
constexpr int kBins = 32;

std::array<double, kBins> normalised_histogram(const FlowFrame& frame) {
  std::array<double, kBins> histogram{};
  for (uint8_t v : frame.grey) histogram[v * kBins / 256] += 1.0;
  const double total = frame.grey.empty() ? 1.0 : static_cast<double>(frame.grey.size());
  for (double& h : histogram) h /= total;
  return histogram;
}

}  // namespace

double histogram_distance(const FlowFrame& a, const FlowFrame& b) {
  const auto ha = normalised_histogram(a), hb = normalised_histogram(b);
  double coefficient = 0.0;  // Bhattacharyya coefficient: 1 for identical distributions
  for (int i = 0; i < kBins; ++i) coefficient += std::sqrt(ha[i] * hb[i]);
  return std::sqrt(std::max(0.0, 1.0 - coefficient));
}

}  // namespace livedream::video
