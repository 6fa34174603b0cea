// The feedback resample's cost per step (issue 24): a zoom through the band-limited zoom filter,
// a zoom with a turn through the quadratic B-spline, and a pan (bilinear), each the median of 30
// calls on a steady transform (the taps or grid built once, as in a run), float32, on the CPU
// with the threads LibTorch picks. bench/RESULTS.md has the figures.
//
//   build/bench/livedream_resample_cost [WxH ...]      (default: 512x384 1280x720)
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "dream/feedback_transform.h"

using livedream::dream::FeedbackResampler;
using livedream::dream::FeedbackTransform;

namespace {

double median_ms(const torch::Tensor& image, const FeedbackTransform& t) {
  FeedbackResampler resampler;
  const auto fill = image.clone();
  for (int i = 0; i < 3; ++i) resampler.resample(image, t, fill);  // builds the taps or grid
  std::vector<double> times;
  for (int i = 0; i < 30; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto out = resampler.resample(image, t, fill);
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + 15, times.end());
  return times[15];
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> sizes;
  for (int i = 1; i < argc; ++i) sizes.emplace_back(argv[i]);
  if (sizes.empty()) sizes = {"512x384", "1280x720"};
  std::printf("threads %d\n", torch::get_num_threads());
  for (const auto& size : sizes) {
    int w = 0, h = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 8 || h < 8) {
      std::fprintf(stderr, "livedream_resample_cost: error: a size is WxH, e.g. 512x384 (got %s)\n", size.c_str());
      return 2;
    }
    const auto image = torch::rand({1, 3, h, w});
    std::printf("%dx%d: zoom (zoom filter) %.2f ms, zoom and turn (B-spline) %.2f ms, pan (bilinear) %.2f ms\n", w, h,
                median_ms(image, {1.02, 0.0, 0.0, 0.0}), median_ms(image, {1.02, 0.5, 0.0, 0.0}), median_ms(image, {1.0, 0.0, 1.5, 0.0}));
  }
  return 0;
}
