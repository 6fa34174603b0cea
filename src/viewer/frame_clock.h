// The viewer's frame timing: the period of every frame since the dream first showed (for
// --stats-json), a smoothed period and a short history (for the Performance panel).
#pragma once
#include <chrono>
#include <span>
#include <vector>

namespace livedream::viewer {

class FrameClock {
 public:
  using Clock = std::chrono::steady_clock;

  // At the start of every frame; only frames while `counting` (the dream shows) are measured.
  void frame_started(Clock::time_point now, bool counting);
  double recent_ms() const { return recent_ms_; }
  std::span<const float> history() const { return history_; }  // oldest first
  const std::vector<double>& all_ms() const { return all_ms_; }

 private:
  Clock::time_point last_start_{};
  double recent_ms_ = 0;
  std::vector<float> history_;
  std::vector<double> all_ms_;
};

// Linear-interpolated percentile (p in 0..100) of `values`; 0 when empty.
double percentile(std::vector<double> values, double p);

}  // namespace livedream::viewer
