#include "session/step_stats.h"

namespace livedream::session {
namespace {

void push(std::vector<float>& values, float value) {
  if (values.size() >= StepHistory::kLength) values.erase(values.begin(), values.begin() + (values.size() - StepHistory::kLength + 1));
  values.push_back(value);
}

}  // namespace

double StepStatistics::on_step(Clock::time_point now, double step_ms, std::optional<float> loss) {
  const double interval_ms = times_.empty() ? 0.0 : std::chrono::duration<double, std::milli>(now - times_.back()).count();
  times_.push_back(now);
  while (times_.size() > 2 && (times_.size() > 64 || now - times_.front() > std::chrono::seconds(2))) times_.pop_front();
  if (times_.size() >= 2) {
    const double span = std::chrono::duration<double>(times_.back() - times_.front()).count();
    if (span > 0) rate_ = (times_.size() - 1) / span;
  }
  // A new snapshot per step (on the worker): readers keep the one they hold, unchanged.
  auto next = std::make_shared<StepHistory>(*history_);
  if (loss) push(next->loss, *loss);
  push(next->step_ms, static_cast<float>(step_ms));
  history_ = std::move(next);
  return interval_ms;
}

}  // namespace livedream::session
