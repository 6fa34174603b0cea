// Dense optical flow between two source frames: OpenCV's DIS on small grey copies, upscaled to
// the frame's size, with the forward-backward consistency check of Ruder et al. 2016 marking
// what the older frame did not show. OpenCV stays inside the .cpp.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/image.h"
#include "core/motion_field.h"

namespace livedream::video {

// A frame as the flow and the cut detector see it: grey, scaled down so that its longest side is
// at most `max_side` (the flow of a 512 px frame costs a fraction of an ascent step that way).
struct FlowFrame {
  int width = 0, height = 0;            // the grey copy's size
  int full_width = 0, full_height = 0;  // the frame's own size
  std::vector<uint8_t> grey;            // row-major, one byte per pixel

  bool empty() const { return width == 0 || height == 0; }
};
FlowFrame make_flow_frame(const Image& image, int max_side);

class OpticalFlow {
 public:
  OpticalFlow();
  ~OpticalFlow();
  OpticalFlow(const OpticalFlow&) = delete;
  OpticalFlow& operator=(const OpticalFlow&) = delete;

  // The motion from `previous` to `current` (the same sizes), at current's full size: the
  // backward flow, and occluded where the consistency check fails or the content came from
  // outside the frame.
  MotionField estimate(const FlowFrame& previous, const FlowFrame& current);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The fraction of a field's pixels marked occluded (0 for an empty field).
double occluded_fraction(const MotionField& motion);

}  // namespace livedream::video
