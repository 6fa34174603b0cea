// Dynamic resolution: adapts the dream's longest side so the engine holds a target number of
// steps per second. A step's cost grows with the pixel count (the square of the side), so the
// side moves by the square root of the time ratio, in steps of 16 pixels, limited to -30%/+20%
// per change, at most every 1.5 s, and not at all within 7% of the target (no churn).
// Pure policy: the session measures the steps and carries the dream over to the new size.
#pragma once
#include <chrono>
#include <optional>

namespace livedream::session {

class DynamicResolution {
 public:
  using Clock = std::chrono::steady_clock;

  // <= 0 turns it off (and forgets what it measured).
  void set_target(double steps_per_s);
  double target() const { return target_; }
  bool enabled() const { return target_ > 0; }

  // After each step: `interval_ms` since the previous step (0 for the first), the dream's longest
  // side now, and the most it may be (the user's max_dim, else the source's size). Returns the
  // new longest side when it should change.
  std::optional<int> after_step(double interval_ms, int current_side, int ceiling, Clock::time_point now = Clock::now());

 private:
  double target_ = 0;
  double interval_sum_ms_ = 0;
  int intervals_ = 0;
  Clock::time_point last_change_{};
};

}  // namespace livedream::session
