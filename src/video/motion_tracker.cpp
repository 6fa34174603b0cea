#include "video/motion_tracker.h"

#include "video/optical_flow.h"
#include "video/scene_cut.h"

namespace livedream::video {
namespace {

// The flow works on grey copies at most this large: at 256 px DIS (FAST) recovers a known shift
// to about 0.15 px of the full frame, and both directions cost under a tenth of a 512 px ascent
// step. Smaller copies get DIS's coarsest scale so coarse that a moving object drags the still
// background around it (0.2 px of false motion at 192 px: the consistency check then fails there).
constexpr int kFlowMaxSide = 256;

}  // namespace

struct MotionTracker::State {
  OpticalFlow flow;
  FlowFrame last;  // empty: the next frame is a First
};

MotionTracker::MotionTracker() : state_(std::make_unique<State>()) {}
MotionTracker::~MotionTracker() = default;

FrameChange MotionTracker::next(const Image& source) {
  auto& s = *state_;
  FlowFrame current = make_flow_frame(source, kFlowMaxSide);
  FrameChange change;
  if (s.last.empty()) {
    change.kind = FrameChange::Kind::First;
  } else if (s.last.full_width != current.full_width || s.last.full_height != current.full_height) {
    change.kind = FrameChange::Kind::Cut;
    change.cut_score = 1.0;
  } else {
    change.cut_score = histogram_distance(s.last, current);
    if (change.cut_score > kCutHistogramDistance) {
      change.kind = FrameChange::Kind::Cut;
    } else {
      change.motion = s.flow.estimate(s.last, current);
      const double occluded = occluded_fraction(change.motion);
      if (occluded > kCutOccludedFraction) {
        change.kind = FrameChange::Kind::Cut;  // alike in brightness, but nothing in common
        change.cut_score = occluded;
        change.motion = MotionField{};
      } else {
        change.kind = FrameChange::Kind::Motion;
      }
    }
  }
  s.last = std::move(current);
  return change;
}

void MotionTracker::reset() { state_->last = FlowFrame{}; }

}  // namespace livedream::video
