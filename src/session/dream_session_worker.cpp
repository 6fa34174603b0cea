// The session's worker: the thread that owns the backend. It takes the mailbox's work, loads
// models, applies changes, steps, and publishes frames, statistics and events. Dynamic resolution
// and the timeline it keeps are in dream_session_resolution.cpp and dream_session_timeline.cpp.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <optional>
#include <utility>

#include "core/error.h"
#include "core/image_resize.h"
#include "session/cpu_budget.h"
#include "session/dream_session.h"
#include "video/motion_tracker.h"

namespace livedream::session {
namespace {

using Clock = std::chrono::steady_clock;

std::string message_of(const std::exception& e) { return first_line(e.what()); }

bool same_model(const DreamParams& a, const DreamParams& b) { return a.model == b.model && a.device == b.device && a.dtype == b.dtype; }

}  // namespace

bool DreamSession::step_wanted_locked() const {
  if (!stats_.ready || stats_.loading) return false;
  if (single_step_) return true;
  if (paused_) return false;
  if (video_frame_spent_locked()) return false;
  if (schedule_ == Schedule::Async) return true;
  return lockstep_requested_ > lockstep_served_;
}

bool DreamSession::video_frame_spent_locked() const {
  return video_steps_per_frame_ > 0 && steps_since_video_frame_ >= video_steps_per_frame_;
}

void DreamSession::post_event(SessionEvent::Kind kind, std::string text, const DreamParams* params) {
  SessionEvent e;
  e.kind = kind;
  e.text = std::move(text);
  if (params) e.params = *params;
  std::lock_guard<std::mutex> lock(mutex_);
  events_.push_back(std::move(e));
  if (events_.size() > 64) events_.erase(events_.begin());
}

void DreamSession::worker_main() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stop_ || pending_.any() || step_wanted_locked(); });
    if (stop_) return;
    record_pause_state();  // a pause or resume took effect before this work and any step after it
    Pending work = std::move(pending_);
    pending_ = Pending{};
    const bool took_video_frame = work.video_frame.has_value();
    lock.unlock();
    process(work);
    lock.lock();
    if (stop_) return;
    if (took_video_frame) steps_since_video_frame_ = 0;
    if (!step_wanted_locked()) {
      done_cv_.notify_all();
      continue;
    }
    if (single_step_ && paused_) record_change({.kind = TimelineChange::Kind::SingleStep});
    single_step_ = false;
    const uint64_t serving = lockstep_requested_;
    lock.unlock();
    do_step();
    lock.lock();
    ++steps_since_video_frame_;
    lockstep_served_ = std::max(lockstep_served_, serving);
    done_cv_.notify_all();
  }
}

DreamParams DreamSession::effective_params() const {
  DreamParams p = accepted_;
  if (dynamic_max_dim_ > 0) p.max_dim = p.max_dim > 0 ? std::min(p.max_dim, dynamic_max_dim_) : dynamic_max_dim_;
  return p;
}

void DreamSession::process(Pending& work) {
  if (work.load_params)
    do_load(*work.load_params, work.load_source ? *work.load_source : source_, work.load_source ? work.load_origin : source_origin_);
  if (work.params) apply_params(*work.params);

  if (work.source) {
    try {
      if (backend_) backend_->set_source(*work.source);
      source_ = std::move(*work.source);
      source_origin_ = work.source_origin;
      source_replaced_ = false;
      if (backend_) record_change({.kind = TimelineChange::Kind::Source, .source = source_origin_});
      post_event(SessionEvent::Kind::ImageOpened, work.source_name);
      if (backend_) publish();
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
  }

  if (work.restart_video) tracker_->reset();
  if (work.video_frame) take_video_frame(std::move(*work.video_frame));

  if (work.guide) {
    try {
      if (backend_) backend_->set_guide(&*work.guide);
      guide_ = std::move(work.guide);
      guide_origin_ = work.guide_origin;
      accepted_.guide = work.guide_name;
      if (backend_) record_change({.kind = TimelineChange::Kind::Guide, .source = guide_origin_});
      post_event(SessionEvent::Kind::GuideOpened, work.guide_name, &accepted_);
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
  } else if (work.clear_guide) {
    try {
      if (backend_) backend_->set_guide(nullptr);
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
    guide_.reset();
    guide_origin_ = {};
    accepted_.guide.clear();
    if (backend_) record_change({.kind = TimelineChange::Kind::Guide});
    post_event(SessionEvent::Kind::GuideOpened, "", &accepted_);
  }

  if (work.reset && backend_) {
    try {
      if (source_replaced_)
        backend_->set_source(source_);
      else
        backend_->reset();
      source_replaced_ = false;
      start_timeline(Timeline::Start::Reset);  // the dream starts again from here
      publish();
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
  }

  if (work.republish && backend_) {
    apply_cpu_budget();
    restore_full_resolution();
    publish();
  }
}

void DreamSession::apply_cpu_budget() {
  bool async;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    async = schedule_ == Schedule::Async;
  }
  const int threads = engine_threads(async, std::thread::hardware_concurrency());
  backend_->set_cpu_threads(threads);
  if (threads != engine_threads_) {
    engine_threads_ = threads;
    record_change({.kind = TimelineChange::Kind::Threads, .threads = threads});
  }
  if (async && !worker_niced_) {
    lower_current_thread_priority(4);
    worker_niced_ = true;
  }
}

void DreamSession::do_load(DreamParams params, const Image& source, const InputOrigin& origin) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.loading = true;
  }
  const DreamParams requested = params;
  try {
    auto backend = factory_(params, source);
    if (guide_) {
      try {
        backend->set_guide(&*guide_);
      } catch (const std::exception& e) {
        guide_.reset();
        params.guide.clear();
        post_event(SessionEvent::Kind::Warning, "guide dropped: " + message_of(e));
      }
    }
    auto description = std::make_shared<ModelDescription>(backend->describe());
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(description->path, ec);
    description->canonical_path = ec ? description->path : canonical.string();
    backend_.reset();  // the old model's memory goes before the new one starts working
    backend_ = std::move(backend);
    accepted_ = params;
    if (&source != &source_) source_ = source;
    source_origin_ = origin;
    source_replaced_ = false;
    dynamic_max_dim_ = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.ready = true;
      stats_.loading = false;
      stats_.model = description;
      stats_.dynamic_max_dim = 0;
      schedule_ = resolve_schedule(requested_schedule_, description->on_cuda);
      stats_.schedule = schedule_;
    }
    start_timeline(Timeline::Start::Load);
    // A change the UI made while the model loaded (a preset dropped, a slider moved) is put in
    // force now, so the ModelLoaded event carries it and the UI's copy does not fall back.
    std::optional<DreamParams> newer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pending_.params && same_model(*pending_.params, accepted_)) newer = std::exchange(pending_.params, std::nullopt);
    }
    if (newer) apply_params(*newer);
    std::string text = "model " + description->path + " on " + description->device;
    if (params.layers != requested.layers)
      text += "; layers " + format_layers(requested.layers) + " are not all in this model, using " + format_layers(params.layers);
    post_event(SessionEvent::Kind::ModelLoaded, text, &accepted_);
    Pending threads;
    threads.republish = true;  // thread budget for the schedule, and the first frame
    process(threads);
  } catch (const std::exception& e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.loading = false;
    }
    const DreamParams& now = backend_ ? accepted_ : requested;
    post_event(SessionEvent::Kind::ModelFailed, message_of(e), &now);
  }
}

void DreamSession::apply_params(const DreamParams& params) {
  if (!backend_ || !same_model(params, accepted_)) {
    do_load(params, source_, source_origin_);
    return;
  }
  const DreamParams before = effective_params();
  const DreamParams previous = accepted_;
  accepted_ = params;
  accepted_.guide = previous.guide;  // the guide changes through open_guide/clear_guide only
  const DreamParams next = effective_params();
  try {
    backend_->set_params(next);
    if (next != before) record_change({.kind = TimelineChange::Kind::Params, .params = next});
    if (next.max_dim != before.max_dim) {
      if (source_replaced_) backend_->set_source(source_);  // the engine restarted from the carried dream
      source_replaced_ = false;
      publish();
    }
  } catch (const std::exception& e) {
    accepted_ = previous;
    post_event(SessionEvent::Kind::Error, message_of(e));
    post_event(SessionEvent::Kind::ParamsAdjusted, "", &accepted_);
  }
}

void DreamSession::take_video_frame(Image frame) {
  if (!backend_) {  // still loading: the model starts on the newest frame
    source_ = std::move(frame);
    return;
  }
  try {
    // The motion is measured at the size the engine dreams at (the frame fitted to max_dim).
    Image fitted = fit_longest_side(frame, effective_params().max_dim);
    const video::FrameChange change = tracker_->next(fitted);
    const bool moved = change.kind == video::FrameChange::Kind::Motion;
    backend_->next_frame(fitted, moved ? &change.motion : nullptr);
    record_inexact("a video frame came in at step " + std::to_string(timeline_.steps) + " (video input is not replayed)");
    source_ = std::move(frame);
    source_replaced_ = false;
    bool paused;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.video_frames;
      paused = paused_;
    }
    if (paused) publish();  // otherwise the next step publishes it
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Error, "video frame: " + message_of(e));
  }
}

void DreamSession::do_step() {
  try {
    backend_->step();
  } catch (const std::exception& e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      paused_ = true;
      stats_.paused = true;
    }
    post_event(SessionEvent::Kind::Error, "step failed: " + message_of(e) + " (paused; change a setting and resume)");
    return;
  }
  ++timeline_.steps;
  const auto now = Clock::now();
  const BackendTimings timings = backend_->last_timings();
  bool on_cuda;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    on_cuda = stats_.model->on_cuda;
  }
  // Reading the loss waits for the device: on a GPU only a few times a second.
  std::optional<float> loss;
  if (!on_cuda || now - last_loss_read_ > std::chrono::milliseconds(250)) {
    try {
      loss = backend_->loss();
      loss_unreadable_ = false;
    } catch (const std::exception& e) {
      // Said once (the dream goes on; the Loss figure stays at its last value), again only after
      // a read that worked.
      if (!loss_unreadable_) post_event(SessionEvent::Kind::Warning, "cannot read the loss: " + first_line(e.what()));
      loss_unreadable_ = true;
    }
    last_loss_read_ = now;
  }
  const double interval_ms = step_stats_.on_step(now, timings.total_ms, loss);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.steps;
    stats_.timings = timings;
    stats_.steps_per_s = step_stats_.steps_per_s();
    if (loss) stats_.loss = *loss;
    stats_.history = step_stats_.history();
    // Changes only when the layers or the source do: compared each step, copied only then.
    if (stats_.resolved_layers != backend_->resolved_layers()) stats_.resolved_layers = backend_->resolved_layers();
  }
  publish();
  int current = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current = std::max(stats_.width, stats_.height);
  }
  const int ceiling = accepted_.max_dim > 0 ? accepted_.max_dim : std::max(source_.width, source_.height);
  if (const auto side = dynamic_.after_step(interval_ms, current, ceiling, now)) change_resolution(*side);
}

void DreamSession::publish() {
  bool device_ok, host_wanted;
  int64_t steps;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    device_ok = device_frames_;
    host_wanted = host_frames_;
    steps = stats_.steps;
  }
  if (!timeline_shared_) timeline_shared_ = std::make_shared<const Timeline>(timeline_);  // only after a change
  std::shared_ptr<RgbaFrame> frame, host;
  try {
    frame = std::make_shared<RgbaFrame>(backend_->frame(device_ok));
    if (!frame->on_device)
      host = frame;
    else if (host_wanted)
      host = std::make_shared<RgbaFrame>(backend_->host_copy(*frame));
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Error, "could not read the dream: " + message_of(e));
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  frame->step = steps;
  frame->serial = ++serial_;
  if (host && host != frame) {
    host->step = frame->step;
    host->serial = frame->serial;
  }
  stats_.width = frame->width;
  stats_.height = frame->height;
  published_timelines_[frame->serial % published_timelines_.size()] = {frame->serial, {timeline_shared_, timeline_.steps}};
  latest_ = std::move(frame);
  latest_host_ = std::move(host);
}

}  // namespace livedream::session
