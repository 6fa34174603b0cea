// Engine scheduling for the viewer. The engine always lives on one worker thread that owns it
// (model loading included), so the UI thread never waits for a model load, and never for a step
// except in lockstep mode, where it asks for exactly one step per rendered frame and waits for it.
//   lockstep: one step per rendered frame (the default when the engine runs on a GPU);
//   async:    the worker steps continuously; the UI renders at display rate and shows the newest
//             finished frame (the default on the CPU, where a step can take hundreds of ms).
// Every change (params, image, guide, model) is posted to the worker and applied before its next
// step. Errors never escape: they become events for the UI, and the dream keeps its last good state.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/dream_params.h"
#include "core/image.h"

namespace livedream::app {

enum class Schedule { Auto, Lockstep, Async };
const char* to_string(Schedule schedule);
Schedule parse_schedule(const std::string& text);  // auto | lockstep | async; throws usage errors

// One published dream frame: (height, width, 4) uint8 RGBA, rows top first, tightly packed.
struct SessionFrame {
  int width = 0, height = 0;
  const uint8_t* rgba = nullptr;
  bool on_device = false;  // a CUDA device pointer (for the interop upload), else host memory
  int device_index = 0;    // the CUDA device of a device frame
  int64_t step = 0;        // session steps when it was taken
  uint64_t serial = 0;     // increases with every published frame
  std::shared_ptr<const void> owner;  // keeps the pixels alive
};

struct LayerDescription {
  std::string name;
  int64_t channels = 0, stride = 0;
};

struct ModelDescription {
  std::string path;
  std::string sha256;
  std::string device;  // "cpu", "cuda:0"
  bool on_cuda = false;
  std::vector<LayerDescription> layers;
};

struct BackendTimings {
  double forward_ms = 0, backward_ms = 0, update_ms = 0, total_ms = 0;
  bool phases = false;  // the split was measured (always on the CPU)
};

// What the session drives: one dream. The program's is LibTorch's Engine (dream_session_torch.cpp);
// tests use fakes. All calls come from the session's worker thread.
class DreamBackend {
 public:
  virtual ~DreamBackend() = default;
  virtual ModelDescription describe() = 0;
  virtual void set_params(const DreamParams& params) = 0;  // throws livedream::Error when invalid
  virtual void set_source(const Image& image) = 0;         // the dream restarts from it
  virtual void set_guide(const Image* guide) = 0;          // nullptr: no guide
  virtual void reset() = 0;
  virtual void step() = 0;
  virtual BackendTimings last_timings() = 0;
  virtual float loss() = 0;  // may wait for the device
  virtual SessionFrame frame(bool device_ok) = 0;  // device_ok: may stay on the CUDA device
  virtual Image frame_rgb() = 0;
  virtual void set_cpu_threads(int threads) { (void)threads; }
};

// Loads the model `params` names (empty: the default) on its device and starts a dream on
// `source`. Slow (seconds); throws livedream::Error. May adjust `params` (layers the model lacks).
using BackendFactory = std::function<std::unique_ptr<DreamBackend>(DreamParams& params, const Image& source)>;
BackendFactory torch_backend_factory();

struct SessionEvent {
  enum class Kind { Info, Warning, Error, ModelLoaded, ModelFailed, ParamsAdjusted, ImageOpened, GuideOpened };
  Kind kind = Kind::Info;
  std::string text;
  DreamParams params;  // ModelLoaded, ModelFailed, ParamsAdjusted: the params now in force
};

struct SessionStats {
  bool ready = false;    // a backend is loaded
  bool loading = false;
  bool paused = false;
  Schedule schedule = Schedule::Auto;  // resolved once a model is loaded
  int64_t steps = 0;                   // steps taken in this session (all models and images)
  double steps_per_s = 0;
  BackendTimings timings;
  float loss = 0;
  int width = 0, height = 0;
  int dynamic_max_dim = 0;  // 0: dynamic resolution off
  ModelDescription model;
  std::vector<float> loss_history, step_ms_history;  // oldest first
};

class DreamSession {
 public:
  DreamSession(BackendFactory factory, Schedule schedule);
  ~DreamSession();  // stops the worker (waits for a step or load in progress to finish)
  DreamSession(const DreamSession&) = delete;
  DreamSession& operator=(const DreamSession&) = delete;

  // (Re)loads the model of `params` with `source`; the first call starts the dream.
  void load(const DreamParams& params, Image source);
  // Applied before the next step. A different model/device/dtype loads that model.
  void set_params(const DreamParams& params);
  void set_source(Image image, std::string name);  // ImageOpened, or Error (e.g. too small)
  void set_guide(Image guide, std::string name);   // GuideOpened, or Error
  void clear_guide();
  void reset();
  void set_paused(bool paused);
  void single_step();  // one step, also while paused
  void set_schedule(Schedule schedule);
  void set_device_frames(bool ok);  // the UI can upload CUDA device frames
  void republish();                 // publish the current frame again (e.g. after an upload path change)
  // Dynamic resolution: adapts max_dim (up to the params' own) to hold this many steps per second;
  // <= 0 turns it off and goes back to the params' max_dim.
  void set_dynamic_resolution(double target_steps_per_s);

  // Lockstep: asks for one step and waits for it (at most max_wait). Returns at once in async
  // mode, while paused, while loading or without a model.
  void lockstep_step(std::chrono::milliseconds max_wait = std::chrono::milliseconds(5000));

  std::shared_ptr<const SessionFrame> latest_frame() const;
  SessionStats stats() const;
  std::vector<SessionEvent> take_events();
  Schedule schedule() const;  // resolved: Lockstep or Async once known, else Auto

 private:
  struct Pending {
    std::optional<DreamParams> load_params;
    std::optional<Image> load_source;
    std::optional<DreamParams> params;
    std::optional<Image> source, guide;
    std::string source_name, guide_name;
    bool clear_guide = false;
    bool reset = false;
    bool republish = false;
    bool any() const {
      return load_params || params || source || guide || clear_guide || reset || republish;
    }
  };

  void worker_main();
  bool step_wanted_locked() const;
  void process(Pending& work);
  void do_load(DreamParams params, const Image& source);
  void apply_params(const DreamParams& params);
  void do_step();
  void publish();
  void adapt_resolution();
  void post_event(SessionEvent::Kind kind, std::string text, const DreamParams* params = nullptr);
  DreamParams effective_params() const;  // the accepted params with the dynamic max_dim

  BackendFactory factory_;
  mutable std::mutex mutex_;
  std::condition_variable work_cv_, done_cv_;
  std::thread worker_;

  // Shared with the UI thread (guarded by mutex_).
  Pending pending_;
  bool stop_ = false;
  bool paused_ = false;
  bool single_step_ = false;
  bool device_frames_ = false;
  Schedule requested_schedule_;
  Schedule schedule_;
  uint64_t lockstep_requested_ = 0, lockstep_served_ = 0;
  double dynamic_target_ = 0;
  std::shared_ptr<const SessionFrame> latest_;
  uint64_t serial_ = 0;
  std::vector<SessionEvent> events_;
  SessionStats stats_;

  // Worker-only state.
  std::unique_ptr<DreamBackend> backend_;
  DreamParams accepted_;      // params the backend runs with (user max_dim)
  Image source_;              // the source as given (reset and model switches go back to it)
  std::optional<Image> guide_;
  bool source_replaced_ = false;  // dynamic resolution carried the dream over as the source
  int dynamic_max_dim_ = 0;
  bool worker_niced_ = false;  // async: the worker yields the CPU to the UI thread
  std::deque<std::chrono::steady_clock::time_point> step_times_;
  std::chrono::steady_clock::time_point last_loss_read_{}, last_adapt_{};
  double adapt_ms_sum_ = 0;
  int adapt_count_ = 0;
};

}  // namespace livedream::app
