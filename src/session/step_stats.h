// Step statistics for the UI: the step rate over the last two seconds, and the recent loss and
// step-time histories. The worker records each step; the histories go out as immutable snapshots
// (shared, never copied by the render thread).
#pragma once
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace livedream::session {

struct StepHistory {
  std::vector<float> loss, step_ms;  // oldest first, at most kLength each
  static constexpr size_t kLength = 240;
};

class StepStatistics {
 public:
  using Clock = std::chrono::steady_clock;

  // Records one step finished at `now`; returns the time since the previous step in ms (0 for the first).
  double on_step(Clock::time_point now, double step_ms, std::optional<float> loss);
  double steps_per_s() const { return rate_; }
  // The histories as of the last step (never null).
  std::shared_ptr<const StepHistory> history() const { return history_; }

 private:
  std::deque<Clock::time_point> times_;
  double rate_ = 0;
  std::shared_ptr<const StepHistory> history_ = std::make_shared<StepHistory>();
};

}  // namespace livedream::session
