#include "video/optical_flow.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace livedream::video {
namespace {

// Ruder et al. 2016, "Artistic style transfer for videos", eq. (4): content is occluded where the
// backward flow and the forward flow at its target do not cancel,
//   |w_b + w_f|^2 > 0.01 (|w_b|^2 + |w_f|^2) + 0.5   (in pixels of the full-size frame).
constexpr float kRelativeTolerance = 0.01f;
constexpr float kAbsoluteTolerance = 0.5f;
// The mask is computed on the small grid; upscaled, a full-size pixel counts as occluded when an
// occluded small pixel weighs this much in its bilinear sample (errs towards restarting).
constexpr float kOccludedWeight = 0.25f;

cv::Mat wrap(const FlowFrame& frame) { return cv::Mat(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.grey.data())); }

}  // namespace

FlowFrame make_flow_frame(const Image& image, int max_side) {
  if (image.empty()) throw std::invalid_argument("make_flow_frame: empty image");
  FlowFrame frame;
  frame.full_width = image.width;
  frame.full_height = image.height;
  const double scale = std::min(1.0, static_cast<double>(max_side) / std::max(image.width, image.height));
  frame.width = std::max(1, static_cast<int>(image.width * scale + 0.5));
  frame.height = std::max(1, static_cast<int>(image.height * scale + 0.5));
  const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
  cv::Mat grey;
  cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
  frame.grey.resize(static_cast<size_t>(frame.width) * frame.height);
  cv::Mat small = wrap(frame);
  if (frame.width == image.width && frame.height == image.height)
    grey.copyTo(small);
  else
    cv::resize(grey, small, small.size(), 0, 0, cv::INTER_AREA);  // area: no aliasing for the flow
  return frame;
}

struct OpticalFlow::Impl {
  // FAST rather than ULTRAFAST: about twice the cost on a 256 px grey image, half the error
  // (0.13 against 0.28 px on a known shift); both are a small part of an ascent step.
  cv::Ptr<cv::DISOpticalFlow> dis = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_FAST);
  cv::Mat forward, backward, occluded_small, backward_full, occluded_full, doubt_small, doubt_full;  // kept: no reallocation per frame
};

OpticalFlow::OpticalFlow() : impl_(std::make_unique<Impl>()) {}
OpticalFlow::~OpticalFlow() = default;

MotionField OpticalFlow::estimate(const FlowFrame& previous, const FlowFrame& current) {
  if (previous.width != current.width || previous.height != current.height || previous.full_width != current.full_width ||
      previous.full_height != current.full_height)
    throw std::invalid_argument("OpticalFlow::estimate: frames of different sizes");
  auto& m = *impl_;
  const cv::Mat prev = wrap(previous), cur = wrap(current);
  m.dis->calc(cur, prev, m.backward);  // for each pixel of the current frame, where it was before
  m.dis->calc(prev, cur, m.forward);   // for each pixel of the previous frame, where it went

  // Small-grid pixels per full-size pixel, per axis (the flows are in small-grid pixels).
  const float sx = static_cast<float>(current.full_width) / static_cast<float>(current.width);
  const float sy = static_cast<float>(current.full_height) / static_cast<float>(current.height);
  m.occluded_small.create(current.height, current.width, CV_32FC1);
  m.doubt_small.create(current.height, current.width, CV_32FC1);
  cv::Mat forward_at_target;
  {
    // w_f sampled where w_b points (bilinear), to compare the two at the same content.
    cv::Mat map(current.height, current.width, CV_32FC2);
    for (int y = 0; y < current.height; ++y) {
      const auto* b = m.backward.ptr<cv::Vec2f>(y);
      auto* out = map.ptr<cv::Vec2f>(y);
      for (int x = 0; x < current.width; ++x) out[x] = cv::Vec2f(x + b[x][0], y + b[x][1]);
    }
    cv::remap(m.forward, forward_at_target, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  }
  for (int y = 0; y < current.height; ++y) {
    const auto* b = m.backward.ptr<cv::Vec2f>(y);
    const auto* f = forward_at_target.ptr<cv::Vec2f>(y);
    auto* occ = m.occluded_small.ptr<float>(y);
    auto* doubt = m.doubt_small.ptr<float>(y);
    for (int x = 0; x < current.width; ++x) {
      const float bx = b[x][0] * sx, by = b[x][1] * sy, fx = f[x][0] * sx, fy = f[x][1] * sy;
      const float sum = (bx + fx) * (bx + fx) + (by + fy) * (by + fy);
      const float mag = bx * bx + by * by + fx * fx + fy * fy;
      const float tolerance = kRelativeTolerance * mag + kAbsoluteTolerance;
      occ[x] = sum > tolerance ? 1.0f : 0.0f;
      doubt[x] = std::clamp(sum / tolerance - 1.0f, 0.0f, 1.0f);  // 0 within the tolerance, 1 at twice it
    }
  }

  MotionField field;
  field.width = current.full_width;
  field.height = current.full_height;
  const cv::Size full(field.width, field.height);
  cv::resize(m.backward, m.backward_full, full, 0, 0, cv::INTER_LINEAR);
  cv::resize(m.occluded_small, m.occluded_full, full, 0, 0, cv::INTER_LINEAR);
  cv::resize(m.doubt_small, m.doubt_full, full, 0, 0, cv::INTER_LINEAR);
  field.carry_weight.resize(static_cast<size_t>(field.width) * field.height);
  field.backward.resize(static_cast<size_t>(field.width) * field.height * 2);
  field.occluded.resize(static_cast<size_t>(field.width) * field.height);
  const float max_x = static_cast<float>(field.width - 1), max_y = static_cast<float>(field.height - 1);
  for (int y = 0; y < field.height; ++y) {
    const auto* b = m.backward_full.ptr<cv::Vec2f>(y);
    const auto* occ = m.occluded_full.ptr<float>(y);
    float* out = &field.backward[static_cast<size_t>(y) * field.width * 2];
    uint8_t* mask = &field.occluded[static_cast<size_t>(y) * field.width];
    const auto* doubt = m.doubt_full.ptr<float>(y);
    uint8_t* weight = &field.carry_weight[static_cast<size_t>(y) * field.width];
    for (int x = 0; x < field.width; ++x) {
      const float dx = b[x][0] * sx, dy = b[x][1] * sy;
      out[2 * x] = dx;
      out[2 * x + 1] = dy;
      // Content that came from outside the previous frame has nothing to carry: tested at full
      // size, so the uncovered strip is exact even where the small grid is coarse.
      const float px = static_cast<float>(x) + dx, py = static_cast<float>(y) + dy;
      const bool outside = px < 0.0f || py < 0.0f || px > max_x || py > max_y;
      mask[x] = outside || occ[x] >= kOccludedWeight ? 1 : 0;
      weight[x] = outside ? 0 : static_cast<uint8_t>(std::lround(255.0f * (1.0f - doubt[x])));
    }
  }
  return field;
}

double occluded_fraction(const MotionField& motion) {
  if (motion.occluded.empty()) return 0.0;
  size_t count = 0;
  for (uint8_t o : motion.occluded) count += o != 0;
  return static_cast<double>(count) / static_cast<double>(motion.occluded.size());
}

}  // namespace livedream::video
