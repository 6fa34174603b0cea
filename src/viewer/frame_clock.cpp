#include "viewer/frame_clock.h"

#include <algorithm>

namespace livedream::viewer {
namespace {
constexpr size_t kHistory = 240;
}

void FrameClock::frame_started(Clock::time_point now, bool counting) {
  if (counting && last_start_ != Clock::time_point{}) {
    const double ms = std::chrono::duration<double, std::milli>(now - last_start_).count();
    all_ms_.push_back(ms);
    recent_ms_ = recent_ms_ == 0 ? ms : recent_ms_ * 0.9 + ms * 0.1;
    if (history_.size() >= kHistory) history_.erase(history_.begin());
    history_.push_back(static_cast<float>(ms));
  }
  last_start_ = now;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * (values.size() - 1);
  const size_t lo = static_cast<size_t>(rank);
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (rank - lo);
}

}  // namespace livedream::viewer
