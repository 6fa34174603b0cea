// The session's front: what the UI thread calls. Each call only puts work in the mailbox (or
// reads a snapshot) under the lock and wakes the worker; the worker applies it
// (dream_session_worker.cpp).
#include "session/dream_session.h"

#include <algorithm>
#include <utility>

#include "video/motion_tracker.h"

namespace livedream::session {

DreamSession::DreamSession(BackendFactory factory, Schedule schedule)
    : factory_(std::move(factory)), requested_schedule_(schedule), schedule_(schedule), tracker_(std::make_unique<video::MotionTracker>()) {
  stats_.schedule = schedule;
  worker_ = std::thread([this] { worker_main(); });
}

DreamSession::~DreamSession() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  work_cv_.notify_all();
  done_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

// ---- UI thread ------------------------------------------------------------------------------

void DreamSession::load(const DreamParams& params, Image source, InputOrigin origin) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.load_params = params;
  pending_.load_source = std::move(source);
  pending_.load_origin = std::move(origin);
  pending_.params.reset();
  stats_.loading = true;
  work_cv_.notify_all();
}

void DreamSession::set_params(const DreamParams& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.load_params)
    pending_.load_params = params;  // not loaded yet: load with the newest
  else
    pending_.params = params;
  work_cv_.notify_all();
}

void DreamSession::set_source(Image image, std::string name, InputOrigin origin) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.source = std::move(image);
  pending_.source_name = std::move(name);
  pending_.source_origin = std::move(origin);
  work_cv_.notify_all();
}

void DreamSession::set_guide(Image guide, std::string name, InputOrigin origin) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.guide = std::move(guide);
  pending_.guide_name = std::move(name);
  pending_.guide_origin = std::move(origin);
  pending_.clear_guide = false;
  work_cv_.notify_all();
}

void DreamSession::clear_guide() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.clear_guide = true;
  pending_.guide.reset();
  work_cv_.notify_all();
}

void DreamSession::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.reset = true;
  work_cv_.notify_all();
}

void DreamSession::set_video_frame(Image frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.video_frame) ++stats_.video_frames_skipped;
  pending_.video_frame = std::move(frame);
  work_cv_.notify_all();
}

void DreamSession::restart_video() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.restart_video = true;
  work_cv_.notify_all();
}

void DreamSession::set_video_steps_per_frame(int steps) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (video_steps_per_frame_ == std::max(0, steps)) return;
  video_steps_per_frame_ = std::max(0, steps);
  work_cv_.notify_all();  // a raised limit lets the worker step again
  done_cv_.notify_all();  // a lowered one ends a lockstep wait
}

void DreamSession::set_paused(bool paused) {
  std::lock_guard<std::mutex> lock(mutex_);
  paused_ = paused;
  stats_.paused = paused;
  work_cv_.notify_all();
  done_cv_.notify_all();
}

void DreamSession::single_step() {
  std::lock_guard<std::mutex> lock(mutex_);
  single_step_ = true;
  work_cv_.notify_all();
}

void DreamSession::set_schedule(Schedule schedule) {
  std::lock_guard<std::mutex> lock(mutex_);
  requested_schedule_ = schedule;
  if (schedule != Schedule::Auto)
    schedule_ = schedule;
  else if (stats_.ready)
    schedule_ = resolve_schedule(schedule, stats_.model->on_cuda);
  stats_.schedule = schedule_;
  pending_.republish = true;  // also re-applies the CPU thread budget for the schedule
  work_cv_.notify_all();
  done_cv_.notify_all();
}

void DreamSession::set_device_frames(bool ok) {
  std::lock_guard<std::mutex> lock(mutex_);
  device_frames_ = ok;
}

void DreamSession::set_host_frames(bool wanted) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (host_frames_ == wanted) return;
  host_frames_ = wanted;
  pending_.republish = true;  // the frame shown now gets its host copy too
  work_cv_.notify_all();
}

void DreamSession::republish() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.republish = true;
  work_cv_.notify_all();
}

void DreamSession::set_dynamic_resolution(double target_steps_per_s) {
  std::lock_guard<std::mutex> lock(mutex_);
  dynamic_target_ = target_steps_per_s > 0 ? target_steps_per_s : 0.0;
  pending_.republish = true;  // lets the worker restore the full resolution when turned off
  work_cv_.notify_all();
}

void DreamSession::lockstep_step(std::chrono::milliseconds max_wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto idle = [&] {
    return schedule_ != Schedule::Lockstep || paused_ || !stats_.ready || stats_.loading || stop_ || video_frame_spent_locked();
  };
  if (idle()) return;
  const uint64_t target = ++lockstep_requested_;
  work_cv_.notify_all();
  done_cv_.wait_for(lock, max_wait, [&] { return lockstep_served_ >= target || idle(); });
}

std::shared_ptr<const RgbaFrame> DreamSession::latest_frame() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

std::shared_ptr<const RgbaFrame> DreamSession::latest_host_frame() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_host_;
}

SessionStats DreamSession::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

std::vector<SessionEvent> DreamSession::take_events() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SessionEvent> out;
  out.swap(events_);
  return out;
}

Schedule DreamSession::schedule() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return schedule_;
}

TimelineSnapshot DreamSession::timeline_for(uint64_t serial) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& p : published_timelines_)
    if (p.snapshot && p.serial == serial) return p.snapshot;
  return {};
}

TimelineSnapshot DreamSession::timeline() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& p : published_timelines_)
    if (p.snapshot && p.serial == serial_) return p.snapshot;
  return {};
}

}  // namespace livedream::session
