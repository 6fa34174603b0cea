#include "session/dynamic_resolution.h"

#include <algorithm>
#include <cmath>

namespace livedream::session {

void DynamicResolution::set_target(double steps_per_s) {
  target_ = steps_per_s > 0 ? steps_per_s : 0.0;
  interval_sum_ms_ = 0;
  intervals_ = 0;
}

std::optional<int> DynamicResolution::after_step(double interval_ms, int current_side, int ceiling, Clock::time_point now) {
  if (target_ <= 0) return std::nullopt;
  if (interval_ms > 0 && interval_ms < 10'000) {  // a pause or a model load is not a step's cost
    interval_sum_ms_ += interval_ms;
    ++intervals_;
  }
  if (intervals_ < 3 || now - last_change_ < std::chrono::milliseconds(1500)) return std::nullopt;
  const double mean_ms = interval_sum_ms_ / intervals_;
  interval_sum_ms_ = 0;
  intervals_ = 0;
  last_change_ = now;
  const double factor = std::clamp(std::sqrt((1000.0 / target_) / mean_ms), 0.7, 1.2);
  if (factor > 0.93 && factor < 1.07) return std::nullopt;  // close enough
  if (current_side <= 0) return std::nullopt;
  const int next = std::clamp(static_cast<int>(current_side * factor / 16.0) * 16, std::min(128, ceiling), ceiling);
  if (next == current_side) return std::nullopt;
  return next;
}

}  // namespace livedream::session
