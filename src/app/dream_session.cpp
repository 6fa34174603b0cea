#include "app/dream_session.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <utility>

#include "core/error.h"
#include "core/image_resize.h"

namespace livedream::app {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kHistory = 240;

void push_history(std::vector<float>& history, float value) {
  history.push_back(value);
  if (history.size() > kHistory) history.erase(history.begin(), history.begin() + (history.size() - kHistory));
}

std::string message_of(const std::exception& e) { return first_line(e.what()); }

bool same_model(const DreamParams& a, const DreamParams& b) {
  return a.model == b.model && a.device == b.device && a.dtype == b.dtype;
}

}  // namespace

const char* to_string(Schedule schedule) {
  switch (schedule) {
    case Schedule::Lockstep: return "lockstep";
    case Schedule::Async: return "async";
    default: return "auto";
  }
}

Schedule parse_schedule(const std::string& text) {
  if (text == "auto") return Schedule::Auto;
  if (text == "lockstep") return Schedule::Lockstep;
  if (text == "async") return Schedule::Async;
  throw usage_error("unknown schedule '" + text + "'", "use --schedule auto, lockstep or async");
}

DreamSession::DreamSession(BackendFactory factory, Schedule schedule)
    : factory_(std::move(factory)), requested_schedule_(schedule), schedule_(schedule) {
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

void DreamSession::load(const DreamParams& params, Image source) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.load_params = params;
  pending_.load_source = std::move(source);
  pending_.params.reset();
  stats_.loading = true;
  work_cv_.notify_all();
}

void DreamSession::set_params(const DreamParams& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.load_params) pending_.load_params = params;  // not loaded yet: load with the newest
  else pending_.params = params;
  work_cv_.notify_all();
}

void DreamSession::set_source(Image image, std::string name) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.source = std::move(image);
  pending_.source_name = std::move(name);
  work_cv_.notify_all();
}

void DreamSession::set_guide(Image guide, std::string name) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.guide = std::move(guide);
  pending_.guide_name = std::move(name);
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
  if (schedule != Schedule::Auto) schedule_ = schedule;
  else if (stats_.ready) schedule_ = stats_.model.on_cuda ? Schedule::Lockstep : Schedule::Async;
  stats_.schedule = schedule_;
  pending_.republish = true;  // also re-applies the CPU thread budget for the schedule
  work_cv_.notify_all();
  done_cv_.notify_all();
}

void DreamSession::set_device_frames(bool ok) {
  std::lock_guard<std::mutex> lock(mutex_);
  device_frames_ = ok;
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
  auto idle = [&] { return schedule_ != Schedule::Lockstep || paused_ || !stats_.ready || stats_.loading || stop_; };
  if (idle()) return;
  const uint64_t target = ++lockstep_requested_;
  work_cv_.notify_all();
  done_cv_.wait_for(lock, max_wait, [&] { return lockstep_served_ >= target || idle(); });
}

std::shared_ptr<const SessionFrame> DreamSession::latest_frame() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
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

// ---- worker thread --------------------------------------------------------------------------

bool DreamSession::step_wanted_locked() const {
  if (!stats_.ready || stats_.loading) return false;
  if (single_step_) return true;
  if (paused_) return false;
  if (schedule_ == Schedule::Async) return true;
  return lockstep_requested_ > lockstep_served_;
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
    Pending work = std::move(pending_);
    pending_ = Pending{};
    lock.unlock();
    process(work);
    lock.lock();
    if (stop_) return;
    if (!step_wanted_locked()) {
      done_cv_.notify_all();
      continue;
    }
    single_step_ = false;
    const uint64_t serving = lockstep_requested_;
    lock.unlock();
    do_step();
    lock.lock();
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
  if (work.load_params) do_load(*work.load_params, work.load_source ? *work.load_source : source_);
  if (work.params) apply_params(*work.params);

  if (work.source) {
    try {
      if (backend_) backend_->set_source(*work.source);
      source_ = std::move(*work.source);
      source_replaced_ = false;
      post_event(SessionEvent::Kind::ImageOpened, work.source_name);
      if (backend_) publish();
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
  }

  if (work.guide) {
    try {
      if (backend_) backend_->set_guide(&*work.guide);
      guide_ = std::move(work.guide);
      accepted_.guide = work.guide_name;
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
    accepted_.guide.clear();
    post_event(SessionEvent::Kind::GuideOpened, "", &accepted_);
  }

  if (work.reset && backend_) {
    try {
      if (source_replaced_) backend_->set_source(source_);
      else backend_->reset();
      source_replaced_ = false;
      publish();
    } catch (const std::exception& e) {
      post_event(SessionEvent::Kind::Error, message_of(e));
    }
  }

  if (work.republish && backend_) {
    bool async;
    double target;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      async = schedule_ == Schedule::Async;
      target = dynamic_target_;
    }
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    // In async mode on the CPU one core stays free for the UI, so the window keeps its frame rate.
    backend_->set_cpu_threads(async && cores > 1 ? static_cast<int>(cores) - 1 : static_cast<int>(cores));
    if (async && !worker_niced_) {
      // On a busy machine the scheduler should favour the UI thread over a long step.
      const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
      ::setpriority(PRIO_PROCESS, tid, ::getpriority(PRIO_PROCESS, tid) + 4);
      worker_niced_ = true;
    }
    if (target <= 0 && dynamic_max_dim_ > 0) {
      try {
        const DreamParams full = accepted_;
        dynamic_max_dim_ = 0;
        Image carry = backend_->frame_rgb();
        backend_->set_params(full);
        const int longest = std::max(carry.width, carry.height);
        const int side = full.max_dim > 0 ? full.max_dim : std::max(source_.width, source_.height);
        if (longest > 0 && side != longest) {
          carry = resize_image(carry, std::max(1, carry.width * side / longest), std::max(1, carry.height * side / longest));
        }
        backend_->set_source(carry);
        source_replaced_ = true;
        std::lock_guard<std::mutex> lock(mutex_);
        stats_.dynamic_max_dim = 0;
      } catch (const std::exception& e) {
        post_event(SessionEvent::Kind::Error, message_of(e));
      }
    }
    publish();
  }
}

void DreamSession::do_load(DreamParams params, const Image& source) {
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
    const ModelDescription description = backend->describe();
    backend_.reset();  // the old model's memory goes before the new one starts working
    backend_ = std::move(backend);
    accepted_ = params;
    if (&source != &source_) source_ = source;
    source_replaced_ = false;
    dynamic_max_dim_ = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.ready = true;
      stats_.loading = false;
      stats_.model = description;
      stats_.dynamic_max_dim = 0;
      if (requested_schedule_ == Schedule::Auto) schedule_ = description.on_cuda ? Schedule::Lockstep : Schedule::Async;
      stats_.schedule = schedule_;
    }
    // A change the UI made while the model loaded (a preset dropped, a slider moved) is put in
    // force now, so the ModelLoaded event carries it and the UI's copy does not fall back.
    std::optional<DreamParams> newer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pending_.params && same_model(*pending_.params, accepted_)) newer = std::exchange(pending_.params, std::nullopt);
    }
    if (newer) apply_params(*newer);
    std::string text = "model " + description.path + " on " + description.device;
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
    do_load(params, source_);
    return;
  }
  const DreamParams before = effective_params();
  const DreamParams previous = accepted_;
  accepted_ = params;
  accepted_.guide = previous.guide;  // the guide changes through open_guide/clear_guide only
  const DreamParams next = effective_params();
  try {
    backend_->set_params(next);
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
  const auto now = Clock::now();
  const BackendTimings timings = backend_->last_timings();
  bool on_cuda;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    on_cuda = stats_.model.on_cuda;
  }
  std::optional<float> loss;
  if (!on_cuda || now - last_loss_read_ > std::chrono::milliseconds(250)) {
    try {
      loss = backend_->loss();
    } catch (const std::exception&) {
    }
    last_loss_read_ = now;
  }
  double interval_ms = 0;
  if (!step_times_.empty()) interval_ms = std::chrono::duration<double, std::milli>(now - step_times_.back()).count();
  step_times_.push_back(now);
  while (step_times_.size() > 2 && (step_times_.size() > 64 || now - step_times_.front() > std::chrono::seconds(2)))
    step_times_.pop_front();
  double rate = 0;
  if (step_times_.size() >= 2) {
    const double span = std::chrono::duration<double>(step_times_.back() - step_times_.front()).count();
    if (span > 0) rate = (step_times_.size() - 1) / span;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.steps;
    stats_.timings = timings;
    stats_.steps_per_s = rate;
    if (loss) {
      stats_.loss = *loss;
      push_history(stats_.loss_history, *loss);
    }
    push_history(stats_.step_ms_history, static_cast<float>(timings.total_ms));
  }
  publish();
  if (interval_ms > 0 && interval_ms < 10'000) {
    adapt_ms_sum_ += interval_ms;
    ++adapt_count_;
  }
  adapt_resolution();
}

void DreamSession::publish() {
  bool device_ok;
  int64_t steps;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    device_ok = device_frames_;
    steps = stats_.steps;
  }
  std::shared_ptr<SessionFrame> frame;
  try {
    frame = std::make_shared<SessionFrame>(backend_->frame(device_ok));
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Error, "could not read the dream: " + message_of(e));
    return;
  }
  frame->step = steps;
  std::lock_guard<std::mutex> lock(mutex_);
  frame->serial = ++serial_;
  stats_.width = frame->width;
  stats_.height = frame->height;
  latest_ = std::move(frame);
}

void DreamSession::adapt_resolution() {
  double target;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    target = dynamic_target_;
  }
  const auto now = Clock::now();
  if (target <= 0) {
    adapt_ms_sum_ = 0;
    adapt_count_ = 0;
    return;
  }
  if (adapt_count_ < 3 || now - last_adapt_ < std::chrono::milliseconds(1500)) return;
  const double mean_ms = adapt_ms_sum_ / adapt_count_;
  adapt_ms_sum_ = 0;
  adapt_count_ = 0;
  last_adapt_ = now;
  // Step cost grows with the pixel count, i.e. the square of the side.
  const double factor = std::clamp(std::sqrt((1000.0 / target) / mean_ms), 0.7, 1.2);
  if (factor > 0.93 && factor < 1.07) return;  // close enough: no churn
  try {
    Image carry = backend_->frame_rgb();
    const int current = std::max(carry.width, carry.height);
    const int ceiling = accepted_.max_dim > 0 ? accepted_.max_dim : std::max(source_.width, source_.height);
    const int next = std::clamp(static_cast<int>(current * factor / 16.0) * 16, std::min(128, ceiling), ceiling);
    if (next == current || current <= 0) return;
    carry = resize_image(carry, std::max(1, carry.width * next / current), std::max(1, carry.height * next / current));
    dynamic_max_dim_ = next;
    backend_->set_params(effective_params());
    backend_->set_source(carry);  // the dream carries over at the new size
    source_replaced_ = true;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.dynamic_max_dim = next;
    }
    publish();
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Warning, "dynamic resolution stopped: " + message_of(e));
    std::lock_guard<std::mutex> lock(mutex_);
    dynamic_target_ = 0;
  }
}

}  // namespace livedream::app
