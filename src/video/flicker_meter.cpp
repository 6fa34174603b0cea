#include "video/flicker_meter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace livedream::video {
namespace {

// Mean |now - warp(before)| over the channels of the visible pixels, warp being a bilinear sample
// of `before` at (x + dx, y + dy). Returns the sum and counts the pixels.
double warp_error_sum(const Image& now, const Image& before, const MotionField& motion, int64_t& pixels) {
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
      const uint8_t* p00 = before.pixel(x0, y0);
      const uint8_t* p10 = before.pixel(x1, y0);
      const uint8_t* p01 = before.pixel(x0, y1);
      const uint8_t* p11 = before.pixel(x1, y1);
      const uint8_t* q = now.pixel(x, y);
      for (int c = 0; c < 3; ++c) {
        const float top = p00[c] + fx * (p10[c] - p00[c]);
        const float bottom = p01[c] + fx * (p11[c] - p01[c]);
        sum += std::fabs(static_cast<float>(q[c]) - (top + fy * (bottom - top)));
      }
      ++pixels;
    }
  }
  return sum / 3.0;
}

double mean_abs_difference(const Image& a, const Image& b) {
  double sum = 0.0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(static_cast<int>(a.rgb[i]) - static_cast<int>(b.rgb[i]));
  return a.rgb.empty() ? 0.0 : sum / static_cast<double>(a.rgb.size());
}

}  // namespace

FlickerMeter::FlickerMeter(std::string label) : label_(std::move(label)) {}

void FlickerMeter::add(const Image& source, const Image& output, const FrameChange& change) {
  if (source.width != output.width || source.height != output.height)
    throw std::invalid_argument("FlickerMeter::add: the output is not the source's size");
  const bool comparable = change.kind == FrameChange::Kind::Motion && !last_source_.empty() && last_source_.width == source.width &&
                          last_source_.height == source.height && change.motion.width == source.width &&
                          change.motion.height == source.height;
  if (comparable) {
    int64_t source_pixels = 0, output_pixels = 0;
    const double source_sum = warp_error_sum(source, last_source_, change.motion, source_pixels);
    const double output_sum = warp_error_sum(output, last_output_, change.motion, output_pixels);
    if (source_pixels > 0) {
      source_error_sum_ += source_sum / static_cast<double>(source_pixels);
      output_error_sum_ += output_sum / static_cast<double>(output_pixels);
      ++compared_;
    }
  }
  strength_sum_ += mean_abs_difference(output, source);
  ++frames_;
  last_source_ = source;
  last_output_ = output;
}

FlickerReport FlickerMeter::report() const {
  FlickerReport r;
  r.label = label_;
  r.frames = frames_;
  r.compared = compared_;
  if (compared_ > 0) {
    r.source_error = source_error_sum_ / static_cast<double>(compared_);
    r.output_error = output_error_sum_ / static_cast<double>(compared_);
    // A perfectly still source (error 0) would divide by zero: the ratio is then measured
    // against a floor of a hundredth of a level.
    r.flicker_ratio = r.output_error / std::max(r.source_error, 0.01);
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
          {"strength", r.strength}};
}

}  // namespace livedream::video
