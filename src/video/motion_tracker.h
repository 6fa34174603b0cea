// Follows a video's source frames one by one and says how the next frame relates to the last:
// the first frame, a scene cut, or motion (optical flow with an occlusion mask). OpenCV's DIS
// optical flow underneath; knows nothing of LibTorch, GL or the engine.
#pragma once
#include <memory>

#include "core/image.h"
#include "core/motion_field.h"

namespace livedream::video {

struct FrameChange {
  enum class Kind { First, Cut, Motion };
  Kind kind = Kind::First;
  MotionField motion;      // filled when kind == Motion
  double cut_score = 0.0;  // how different the frame is from the last (what decided a cut)
};

class MotionTracker {
 public:
  MotionTracker();
  ~MotionTracker();
  MotionTracker(const MotionTracker&) = delete;
  MotionTracker& operator=(const MotionTracker&) = delete;

  // `source` is the new source frame at the dream's size. A size change counts as a cut.
  FrameChange next(const Image& source);
  void reset();  // the next frame is a First

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace livedream::video
