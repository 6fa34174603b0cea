#include "video/flicker_meter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace livedream::video {
namespace {

FloatFrame as_floats(const Image& image) {
  FloatFrame f{image.width, image.height, std::vector<float>(image.rgb.begin(), image.rgb.end())};
  return f;
}

// What a viewer sees of the frame rather than what resampling and coding cannot carry: a Gaussian
// blur of sigma px (OpenCV's, the kernel out to 3 sigma, edges reflected).
FloatFrame blurred(const Image& image, double sigma) {
  FloatFrame f = as_floats(image);
  cv::Mat m(f.height, f.width, CV_32FC3, f.rgb.data());
  cv::GaussianBlur(m, m, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT101);
  return f;
}

// Mean |now - warp(before)| over the channels of the visible pixels, warp being a bilinear sample
// of `before` at (x + dx, y + dy). Returns the sum and counts the pixels.
double warp_error_sum(const FloatFrame& now, const FloatFrame& before, const MotionField& motion, int64_t& pixels) {
  double sum = 0.0;
  const int w = now.width, h = now.height;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      if (motion.occluded[i]) continue;
      const float sx = static_cast<float>(x) + motion.backward[2 * i], sy = static_cast<float>(y) + motion.backward[2 * i + 1];
      // Visible pixels sample inside the frame (the tracker marks the rest occluded); clamp anyway.
      const float cx = std::fmin(std::fmax(sx, 0.0f), static_cast<float>(w - 1));
      const float cy = std::fmin(std::fmax(sy, 0.0f), static_cast<float>(h - 1));
      const int x0 = static_cast<int>(cx), y0 = static_cast<int>(cy);
      const int x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
      const float fx = cx - static_cast<float>(x0), fy = cy - static_cast<float>(y0);
      const float* p00 = before.pixel(x0, y0);
      const float* p10 = before.pixel(x1, y0);
      const float* p01 = before.pixel(x0, y1);
      const float* p11 = before.pixel(x1, y1);
      const float* q = now.pixel(x, y);
      for (int c = 0; c < 3; ++c) {
        const float top = p00[c] + fx * (p10[c] - p00[c]);
        const float bottom = p01[c] + fx * (p11[c] - p01[c]);
        sum += std::fabs(q[c] - (top + fy * (bottom - top)));
      }
      ++pixels;
    }
  }
  return sum / 3.0;
}

// The warping error of the source and of the output between two frames, as a sum over visible
// pixels per frame pair: adds the pair's means to the sums, or nothing when no pixel is visible.
struct ErrorSums {
  double source = 0.0, output = 0.0;
  int64_t pairs = 0;
  void add(const FloatFrame& source_now, const FloatFrame& source_before, const FloatFrame& output_now, const FloatFrame& output_before,
           const MotionField& motion) {
    int64_t source_pixels = 0, output_pixels = 0;
    const double s = warp_error_sum(source_now, source_before, motion, source_pixels);
    const double o = warp_error_sum(output_now, output_before, motion, output_pixels);
    if (source_pixels == 0) return;
    source += s / static_cast<double>(source_pixels);
    output += o / static_cast<double>(output_pixels);
    ++pairs;
  }
};

double mean_abs_difference(const Image& a, const Image& b) {
  double sum = 0.0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(static_cast<int>(a.rgb[i]) - static_cast<int>(b.rgb[i]));
  return a.rgb.empty() ? 0.0 : sum / static_cast<double>(a.rgb.size());
}

}  // namespace

struct FlickerMeter::Sums {
  ErrorSums plain, blurred;
};

FlickerMeter::FlickerMeter(std::string label, double blur_sigma)
    : label_(std::move(label)), blur_sigma_(blur_sigma), sums_(std::make_unique<Sums>()) {}
FlickerMeter::~FlickerMeter() = default;
FlickerMeter::FlickerMeter(FlickerMeter&&) noexcept = default;
FlickerMeter& FlickerMeter::operator=(FlickerMeter&&) noexcept = default;

void FlickerMeter::add(const Image& source, const Image& output, const FrameChange& change) {
  if (source.width != output.width || source.height != output.height)
    throw std::invalid_argument("FlickerMeter::add: the output is not the source's size");
  const bool comparable = change.kind == FrameChange::Kind::Motion && !last_source_.rgb.empty() && last_source_.width == source.width &&
                          last_source_.height == source.height && change.motion.width == source.width &&
                          change.motion.height == source.height;
  FloatFrame source_now = as_floats(source), output_now = as_floats(output);
  FloatFrame source_soft = blurred(source, blur_sigma_), output_soft = blurred(output, blur_sigma_);
  if (comparable) {
    // The flow is the unblurred source's in both measures: the blur changes what is compared, not
    // where it moved.
    sums_->plain.add(source_now, last_source_, output_now, last_output_, change.motion);
    sums_->blurred.add(source_soft, last_source_blurred_, output_soft, last_output_blurred_, change.motion);
  }
  strength_sum_ += mean_abs_difference(output, source);
  ++frames_;
  last_source_ = std::move(source_now);
  last_output_ = std::move(output_now);
  last_source_blurred_ = std::move(source_soft);
  last_output_blurred_ = std::move(output_soft);
}

FlickerReport FlickerMeter::report() const {
  FlickerReport r;
  r.label = label_;
  r.frames = frames_;
  r.compared = sums_->plain.pairs;
  r.blur_sigma = blur_sigma_;
  // A perfectly still source (error 0) would divide by zero: the ratio is then measured against a
  // floor of a hundredth of a level.
  if (sums_->plain.pairs > 0) {
    const auto n = static_cast<double>(sums_->plain.pairs);
    r.source_error = sums_->plain.source / n;
    r.output_error = sums_->plain.output / n;
    r.flicker_ratio = r.output_error / std::max(r.source_error, 0.01);
  }
  if (sums_->blurred.pairs > 0) {
    const auto n = static_cast<double>(sums_->blurred.pairs);
    r.blurred_source_error = sums_->blurred.source / n;
    r.blurred_output_error = sums_->blurred.output / n;
    r.blurred_flicker_ratio = r.blurred_output_error / std::max(r.blurred_source_error, 0.01);
  }
  if (frames_ > 0) r.strength = strength_sum_ / static_cast<double>(frames_);
  return r;
}

nlohmann::json to_json(const FlickerReport& r) {
  return {{"label", r.label},
          {"frames", r.frames},
          {"compared_frames", r.compared},
          {"source_warp_error", r.source_error},
          {"output_warp_error", r.output_error},
          {"flicker_ratio", r.flicker_ratio},
          {"blur_sigma", r.blur_sigma},
          {"blurred_source_warp_error", r.blurred_source_error},
          {"blurred_output_warp_error", r.blurred_output_error},
          {"blurred_flicker_ratio", r.blurred_flicker_ratio},
          {"strength", r.strength}};
}

}  // namespace livedream::video
