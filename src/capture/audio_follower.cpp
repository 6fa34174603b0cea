#include "capture/audio_follower.h"

namespace livedream::capture {

std::optional<double> AudioFollower::next(double source_s) {
  if (source_s < 0) {
    position_ = -1;
    return std::nullopt;
  }
  const bool jumped_ahead = source_s > position_ + tolerance_s_;           // a seek, or the sound fell behind
  const bool jumped_back = source_s < position_ - tolerance_s_ - tick_s_;  // a loop or a seek back
  if (position_ < 0 || jumped_ahead || jumped_back) position_ = source_s;
  if (position_ > source_s + tolerance_s_) return std::nullopt;  // ahead of a picture that stands still: wait
  const double start = position_;
  position_ += tick_s_;
  return start;
}

}  // namespace livedream::capture
