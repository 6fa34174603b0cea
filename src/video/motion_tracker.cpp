// PLACEHOLDER until the temporal-coherence branch lands: no motion is estimated, so every frame
// after the first reads as a cut.
#include "video/motion_tracker.h"

namespace livedream::video {

struct MotionTracker::State {
  bool seen = false;
};

MotionTracker::MotionTracker() : state_(std::make_unique<State>()) {}
MotionTracker::~MotionTracker() = default;

FrameChange MotionTracker::next(const Image& /*source*/) {
  FrameChange change;
  change.kind = state_->seen ? FrameChange::Kind::Cut : FrameChange::Kind::First;
  state_->seen = true;
  return change;
}

void MotionTracker::reset() { state_->seen = false; }

}  // namespace livedream::video
