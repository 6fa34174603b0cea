// Which stretch of the source's sound goes with each tick of a live output: the sound follows the
// picture. While the picture's source time moves on at about the rate it is played, the sound
// plays on continuously from where it got to (no clicks from frame times that wobble); when the
// picture stands still (paused, or an engine slower than the output) the sound stops, at most
// `tolerance` ahead of it, until the picture catches up; when the picture jumps (a seek, a loop
// back to the start, an engine that fell far behind) the sound jumps with it. A tick whose
// picture has no source time (a still, a camera) is silent.
#pragma once
#include <optional>

namespace livedream::capture {

class AudioFollower {
 public:
  explicit AudioFollower(double tick_s, double tolerance_s = 0.15) : tick_s_(tick_s), tolerance_s_(tolerance_s) {}
  // This tick's sound starts at the returned source time (seconds) and lasts one tick; nothing:
  // silence. `source_s` < 0: the picture has no source time.
  std::optional<double> next(double source_s);

 private:
  double tick_s_, tolerance_s_;
  double position_ = -1;  // where in the source the sound has got to; < 0: not playing
};

}  // namespace livedream::capture
