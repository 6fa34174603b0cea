// The dream session: the engine on one worker thread that owns it (model loading included), so
// the render thread never waits for a model load, and never for a step except in lockstep mode,
// where it asks for exactly one step per rendered frame and waits for it (see schedule.h).
// Every change (params, image, guide, model) goes into a mailbox and is applied before the
// worker's next step. Errors never escape: they become events, and the dream keeps its last good
// state. Frames go out as shared RgbaFrames, statistics as small snapshots with shared histories,
// so the render thread copies neither pixels nor histories.
#pragma once
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/dream_params.h"
#include "core/image.h"
#include "core/rgba_frame.h"
#include "session/dream_backend.h"
#include "session/dynamic_resolution.h"
#include "session/schedule.h"
#include "session/step_stats.h"
#include "session/timeline.h"

namespace livedream::video {
class MotionTracker;
}

namespace livedream::session {

struct SessionEvent {
  enum class Kind { Info, Warning, Error, ModelLoaded, ModelFailed, ParamsAdjusted, ImageOpened, GuideOpened };
  Kind kind = Kind::Info;
  std::string text;
  DreamParams params;  // ModelLoaded, ModelFailed, ParamsAdjusted: the params now in force
};

// A timeline as it stood at a frame: shared with the session (copied only when it changed) and
// the steps taken then, so taking one costs no copy.
struct TimelineSnapshot {
  std::shared_ptr<const Timeline> shared;  // its own `steps` may be older than `steps`
  int64_t steps = 0;
  explicit operator bool() const { return shared != nullptr; }
  Timeline get() const {  // a copy with the steps of the frame
    Timeline t = *shared;
    t.steps = steps;
    return t;
  }
};

// A snapshot for the UI: small, and cheap to take every frame.
struct SessionStats {
  bool ready = false;  // a backend is loaded
  bool loading = false;
  bool paused = false;
  Schedule schedule = Schedule::Auto;  // resolved once a model is loaded
  int64_t steps = 0;                   // steps taken in this session (all models and images)
  double steps_per_s = 0;
  BackendTimings timings;
  float loss = 0;
  int width = 0, height = 0;
  int dynamic_max_dim = 0;  // 0: dynamic resolution off
  // Moving input: frames the dream started from, and frames skipped because a newer one came
  // before the worker was free (the engine could not keep up with the video's rate).
  int64_t video_frames = 0, video_frames_skipped = 0;
  // The layer spec the dream runs with, strongN's chosen channels written in (empty: as asked).
  std::string resolved_layers;
  std::shared_ptr<const ModelDescription> model = std::make_shared<ModelDescription>();  // never null
  std::shared_ptr<const StepHistory> history = std::make_shared<StepHistory>();          // never null
};

class DreamSession {
 public:
  DreamSession(BackendFactory factory, Schedule schedule);
  ~DreamSession();  // stops the worker (waits for a step or load in progress to finish)
  DreamSession(const DreamSession&) = delete;
  DreamSession& operator=(const DreamSession&) = delete;

  // (Re)loads the model of `params` with `source`; the first call starts the dream. `origin`
  // (where the source came from) goes into the timeline, so a replay can load it again.
  void load(const DreamParams& params, Image source, InputOrigin origin = {});
  // Applied before the next step. A different model/device/dtype loads that model.
  void set_params(const DreamParams& params);
  void set_source(Image image, std::string name, InputOrigin origin = {});  // ImageOpened, or Error (e.g. too small)
  void set_guide(Image guide, std::string name, InputOrigin origin = {});   // GuideOpened, or Error
  void clear_guide();
  void reset();
  // Moving input: the newest frame of a video or camera. The worker starts the dream's next frame
  // from it (temporal coherence as params.temporal says, with the motion from the last frame it
  // took); a frame still waiting when a newer one comes is skipped and counted.
  void set_video_frame(Image frame);
  // The next video frame starts a new shot (no motion from the last one): a new video, a seek.
  void restart_video();
  // At most this many steps on each video frame, then the dream waits for the next one (0: no
  // limit). Each step changes the picture by about a level, so steps beyond the first on one frame
  // make a played video flicker (bench/RESULTS.md, "Dreaming videos"); the viewer sets 0 while
  // the video is paused so a held frame dreams on. Single steps and lockstep never wait on it.
  void set_video_steps_per_frame(int steps);
  void set_paused(bool paused);
  void single_step();  // one step, also while paused
  void set_schedule(Schedule schedule);
  // Whether frames may stay on the CUDA device (the window can upload them through interop).
  void set_device_frames(bool ok);
  // Whether every published frame also comes as a host copy (a recording of a GPU dream): the
  // copy is made on the worker, on the engine's stream, never on the render thread.
  void set_host_frames(bool wanted);
  void republish();  // publish the current frame again (e.g. after an upload path change)
  // Dynamic resolution: adapts max_dim (up to the params' own) to hold this many steps per second;
  // <= 0 turns it off and goes back to the params' max_dim.
  void set_dynamic_resolution(double target_steps_per_s);

  // Lockstep: asks for one step and waits for it (at most max_wait). Returns at once in async
  // mode, while paused, while loading or without a model.
  void lockstep_step(std::chrono::milliseconds max_wait = std::chrono::milliseconds(5000));

  // The newest frame (for the screen: on the device when device frames are on).
  std::shared_ptr<const RgbaFrame> latest_frame() const;
  // The host copy of the newest frame when host frames are on, else the newest frame if it is on
  // the host; null otherwise. Same serial as latest_frame() when both exist.
  std::shared_ptr<const RgbaFrame> latest_host_frame() const;
  SessionStats stats() const;
  std::vector<SessionEvent> take_events();
  Schedule schedule() const;  // resolved: Lockstep or Async once known, else Auto

  // The timeline (timeline.h) of the frame with this serial: from the last model load or reset
  // up to that frame, so that replaying it gives that frame's pixels. Empty for a frame older
  // than the last few published, or before a model is loaded. Cheap (no copy): may be taken for
  // every frame recorded.
  TimelineSnapshot timeline_for(uint64_t serial) const;
  // The timeline of the newest frame published.
  TimelineSnapshot timeline() const;

 private:
  struct Pending {
    std::optional<DreamParams> load_params;
    std::optional<Image> load_source;
    std::optional<DreamParams> params;
    std::optional<Image> source, guide, video_frame;
    std::string source_name, guide_name;
    InputOrigin load_origin, source_origin, guide_origin;
    bool clear_guide = false;
    bool reset = false;
    bool restart_video = false;
    bool republish = false;
    bool any() const {
      return load_params || params || source || guide || video_frame || clear_guide || reset || restart_video || republish;
    }
  };

  void worker_main();
  bool step_wanted_locked() const;
  bool video_frame_spent_locked() const;  // the steps allowed on the current video frame are taken
  void process(Pending& work);
  void do_load(DreamParams params, const Image& source, const InputOrigin& origin);
  void apply_params(const DreamParams& params);
  void apply_cpu_budget();
  void take_video_frame(Image frame);
  void do_step();
  void publish();
  void post_event(SessionEvent::Kind kind, std::string text, const DreamParams* params = nullptr);
  DreamParams effective_params() const;  // the accepted params with the dynamic max_dim
  // Dynamic resolution (dream_session_resolution.cpp).
  void restore_full_resolution();
  void change_resolution(int longest_side);
  // The timeline (dream_session_timeline.cpp): a new one (load, reset), a change (stamped with
  // the steps taken so far), a reason it is not exact, the pause flag's changes.
  void start_timeline(Timeline::Start started_by);
  void record_change(TimelineChange change);
  void record_inexact(const std::string& reason);
  void record_pause_state();

  BackendFactory factory_;
  mutable std::mutex mutex_;
  std::condition_variable work_cv_, done_cv_;
  std::thread worker_;

  // Shared with the UI thread (guarded by mutex_).
  Pending pending_;
  bool stop_ = false;
  bool paused_ = false;
  bool single_step_ = false;
  int video_steps_per_frame_ = 0;        // 0: no limit
  int64_t steps_since_video_frame_ = 0;  // counted by the worker, reset when it takes a frame
  bool device_frames_ = false;
  bool host_frames_ = false;
  Schedule requested_schedule_;
  Schedule schedule_;
  uint64_t lockstep_requested_ = 0, lockstep_served_ = 0;
  double dynamic_target_ = 0;
  std::shared_ptr<const RgbaFrame> latest_, latest_host_;
  uint64_t serial_ = 0;
  // The timeline at each of the last frames published: the timeline shared (copied only when it
  // changed) and the steps it had taken, so a frame's timeline costs no copy per step.
  struct PublishedTimeline {
    uint64_t serial = 0;
    TimelineSnapshot snapshot;
  };
  std::array<PublishedTimeline, 16> published_timelines_{};
  std::vector<SessionEvent> events_;
  SessionStats stats_;

  // Worker-only state.
  std::unique_ptr<DreamBackend> backend_;
  DreamParams accepted_;  // params the backend runs with (user max_dim)
  Image source_;          // the source as given (reset and model switches go back to it)
  InputOrigin source_origin_, guide_origin_;
  std::optional<Image> guide_;
  Timeline timeline_;                                // being recorded (steps and changes)
  std::shared_ptr<const Timeline> timeline_shared_;  // a copy of it without the steps; null: stale
  int engine_threads_ = 0;                           // the threads last given to the backend
  bool timeline_paused_ = false;                     // the pause state last recorded
  std::unique_ptr<video::MotionTracker> tracker_;    // the motion between the video frames taken
  bool source_replaced_ = false;                     // dynamic resolution carried the dream over as the source
  int dynamic_max_dim_ = 0;
  DynamicResolution dynamic_;
  StepStatistics step_stats_;
  bool worker_niced_ = false;  // async: the worker yields the CPU to the UI thread
  std::chrono::steady_clock::time_point last_loss_read_{};
  bool loss_unreadable_ = false;  // a loss read failed and was reported; reset by one that works
};

}  // namespace livedream::session
