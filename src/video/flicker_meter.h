// How much a dreamt video flickers: the warping error of Lai et al. 2018 ("Learning Blind Video
// Temporal Consistency"), the mean |O_t - warp(O_{t-1})| over the pixels the flow of the *source*
// frames marks as visible in both, divided by the same error of the source itself. A ratio of 1
// means the dream adds no flicker to the video; frames dreamt one by one score near 10. Also the
// dream's strength, mean |O_t - I_t|: a dream that barely changes the picture flickers little too.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/image.h"
#include "video/motion_tracker.h"

namespace livedream::video {

struct FlickerReport {
  std::string label;           // what was measured, e.g. the temporal mode ("flow")
  int64_t frames = 0;          // frames added
  int64_t compared = 0;        // frame pairs with motion (firsts and cuts have no previous frame)
  double source_error = 0.0;   // mean |I_t - warp(I_{t-1})| in levels of 255, over compared pairs
  double output_error = 0.0;   // mean |O_t - warp(O_{t-1})| in levels of 255
  double flicker_ratio = 0.0;  // output_error / source_error (0 when nothing was compared)
  double strength = 0.0;       // mean |O_t - I_t| in levels of 255, over all frames
};

class FlickerMeter {
 public:
  explicit FlickerMeter(std::string label = {});
  // One frame: the source as the dream saw it, the dream, and how the source moved since the
  // last frame (MotionTracker::next on this source). Sizes must match; throws std::invalid_argument.
  void add(const Image& source, const Image& output, const FrameChange& change);
  FlickerReport report() const;

 private:
  std::string label_;
  Image last_source_, last_output_;
  int64_t frames_ = 0, compared_ = 0;
  double source_error_sum_ = 0.0, output_error_sum_ = 0.0, strength_sum_ = 0.0;
};

// {"label", "frames", "compared_frames", "source_warp_error", "output_warp_error", "flicker_ratio", "strength"}
nlohmann::json to_json(const FlickerReport& report);

}  // namespace livedream::video
