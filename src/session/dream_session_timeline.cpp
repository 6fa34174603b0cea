// The session's timeline, kept by the worker where changes land: started at a load or a reset
// with the state then in force, then every change with the step it took effect at, and the
// reasons a replay could not be exact. Worker-only state, except the pause flag and the model,
// read under the lock.
#include <string>
#include <utility>

#include "session/dream_session.h"

namespace livedream::session {

void DreamSession::start_timeline(Timeline::Start started_by) {
  timeline_ = Timeline{};
  timeline_.started_by = started_by;
  timeline_.source = source_origin_;
  if (guide_) timeline_.guide = guide_origin_;
  timeline_.params = effective_params();
  timeline_.threads = engine_threads_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    timeline_.model_sha256 = stats_.model->sha256;
    timeline_.device = stats_.model->device;
    timeline_.schedule = to_string(schedule_);
    timeline_paused_ = paused_;
  }
  if (dynamic_max_dim_ > 0) record_inexact("dynamic resolution was on (" + std::to_string(dynamic_max_dim_) + " px)");
  if (source_origin_.kind == InputOrigin::Kind::Unknown)
    record_inexact("the source's origin is not known (a video frame, a camera, or pixels from elsewhere)");
  timeline_shared_.reset();
}

void DreamSession::record_change(TimelineChange change) {
  change.step = timeline_.steps;  // it took effect now, before the next step
  // Threads set before the first step are the timeline's starting threads.
  if (change.kind == TimelineChange::Kind::Threads && timeline_.steps == 0 && timeline_.changes.empty())
    timeline_.threads = change.threads;
  else
    timeline_.changes.push_back(std::move(change));
  timeline_shared_.reset();
}

void DreamSession::record_inexact(const std::string& reason) {
  if (timeline_.inexact.size() >= 8) return;  // a video adds one per frame: the first few say enough
  timeline_.inexact.push_back(reason);
  timeline_shared_.reset();
}

// Called with mutex_ held (the pause flag is the UI thread's); touches only worker state besides.
void DreamSession::record_pause_state() {
  if (!backend_ || paused_ == timeline_paused_) return;
  timeline_paused_ = paused_;
  record_change({.kind = paused_ ? TimelineChange::Kind::Pause : TimelineChange::Kind::Resume});
}

}  // namespace livedream::session
