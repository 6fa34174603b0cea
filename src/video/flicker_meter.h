// How much a dreamt video flickers: the warping error of Lai et al. 2018 ("Learning Blind Video
// Temporal Consistency"), the mean |O_t - warp(O_{t-1})| over the pixels the flow of the *source*
// frames marks as visible in both, divided by the same error of the source itself. A ratio of 1
// means the dream adds no flicker to the video; frames dreamt one by one score near 10. Also the
// dream's strength, mean |O_t - I_t|: a dream that barely changes the picture flickers little too.
//
// The same ratio after a Gaussian blur of both videos (sigma 1.5 px, the flow still the unblurred
// source's) counts what a viewer sees rather than what bilinear warping and video coding cannot
// carry: a dream has finer detail than its source, so even a dream that moves rigidly with the
// picture scores about 2 unblurred, and about 1.4 blurred (issue 24's floor).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/image.h"
#include "video/motion_tracker.h"

namespace livedream::video {

struct FlickerReport {
  std::string label;                  // what was measured, e.g. the temporal mode ("flow")
  int64_t frames = 0;                 // frames added
  int64_t compared = 0;               // frame pairs with motion (firsts and cuts have no previous frame)
  double source_error = 0.0;          // mean |I_t - warp(I_{t-1})| in levels of 255, over compared pairs
  double output_error = 0.0;          // mean |O_t - warp(O_{t-1})| in levels of 255
  double flicker_ratio = 0.0;         // output_error / source_error (0 when nothing was compared)
  double blur_sigma = 0.0;            // the blur of the measure below, px
  double blurred_source_error = 0.0;  // the same errors after the blur
  double blurred_output_error = 0.0;
  double blurred_flicker_ratio = 0.0;  // what a viewer sees flicker
  double strength = 0.0;               // mean |O_t - I_t| in levels of 255, over all frames
};

// The blur of the flicker measure a viewer sees, px.
constexpr double kFlickerBlurSigma = 1.5;

// A frame as floats, RGB interleaved: blurred frames keep their fractions of a level.
struct FloatFrame {
  int width = 0, height = 0;
  std::vector<float> rgb;
  const float* pixel(int x, int y) const { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
};

class FlickerMeter {
 public:
  explicit FlickerMeter(std::string label = {}, double blur_sigma = kFlickerBlurSigma);
  ~FlickerMeter();
  FlickerMeter(FlickerMeter&&) noexcept;
  FlickerMeter& operator=(FlickerMeter&&) noexcept;
  // One frame: the source as the dream saw it, the dream, and how the source moved since the
  // last frame (MotionTracker::next on this source). Sizes must match; throws std::invalid_argument.
  void add(const Image& source, const Image& output, const FrameChange& change);
  FlickerReport report() const;

 private:
  struct Sums;
  std::string label_;
  double blur_sigma_;
  std::unique_ptr<Sums> sums_;
  FloatFrame last_source_, last_output_, last_source_blurred_, last_output_blurred_;
  int64_t frames_ = 0;
  double strength_sum_ = 0.0;
};

// {"label", "frames", "compared_frames", "source_warp_error", "output_warp_error", "flicker_ratio",
//  "blur_sigma", "blurred_source_warp_error", "blurred_output_warp_error", "blurred_flicker_ratio", "strength"}
nlohmann::json to_json(const FlickerReport& report);

}  // namespace livedream::video
