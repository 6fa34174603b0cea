// Engine scheduling (session/dream_session) with a fake backend whose steps take a known time:
// lockstep is one step per frame, async never makes the UI wait, changes land at the next step,
// and failures (bad params, a model that does not load) never lose the running dream.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "session/dream_session.h"
#include "core/error.h"
#include "core/image_resize.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::session;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Shared {
  std::atomic<int> loads{0};
  std::atomic<int> steps{0};
  std::atomic<int> step_ms{50};
  std::atomic<bool> cost_by_pixels{false};  // step time = pixels / 4000 ms
  std::atomic<bool> gpu{false};             // frames may stay "on the device" (host memory flagged so)
  std::atomic<bool> loss_fails{false};      // loss() throws, as a device read can
  std::atomic<int> host_copies{0};
  std::mutex mutex;
  DreamParams params_at_last_step;
  std::vector<int> video_frames_taken;  // the first pixel of each frame next_frame got
};

class FakeBackend final : public DreamBackend {
 public:
  FakeBackend(Shared& shared, const DreamParams& params, const Image& source) : s_(shared), params_(params) { set_source(source); }
  ModelDescription describe() override {
    return {params_.model, "0000", s_.gpu ? "cuda:0" : "cpu", s_.gpu.load(), {{"a", 8, 4}, {"b", 16, 8}}, {}};
  }
  void set_params(const DreamParams& params) override {
    if (params.step_size > 1.0f) throw usage_error("step size too large for the fake", "use less");
    const bool resize = params.max_dim != params_.max_dim;
    params_ = params;
    if (resize) set_source(source_);
  }
  void set_source(const Image& image) override {
    source_ = image;
    current_ = fit_longest_side(image, params_.max_dim);
  }
  void set_guide(const Image*) override {}
  void next_frame(const Image& source, const MotionField*) override {
    current_ = source;
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.video_frames_taken.push_back(source.rgb.at(0));
  }
  void reset() override { current_ = fit_longest_side(source_, params_.max_dim); }
  void step() override {
    const int ms = s_.cost_by_pixels ? current_.width * current_.height / 4000 : s_.step_ms.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.params_at_last_step = params_;
    ++s_.steps;
  }
  BackendTimings last_timings() override { return {1, 2, 3, 6, true}; }
  float loss() override {
    if (s_.loss_fails) throw std::runtime_error("device lost\nwith a backtrace");
    return 1.5f;
  }
  RgbaFrame frame(bool device_ok) override {
    auto pixels = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(current_.width) * current_.height * 4, 7);
    RgbaFrame f;
    f.width = current_.width;
    f.height = current_.height;
    f.data = pixels->data();
    f.owner = pixels;
    f.on_device = device_ok && s_.gpu;
    return f;
  }
  RgbaFrame host_copy(const RgbaFrame& frame) override {
    ++s_.host_copies;
    RgbaFrame copy = frame;
    copy.on_device = false;
    return copy;
  }
  Image frame_rgb() override { return current_; }

 private:
  Shared& s_;
  DreamParams params_;
  Image source_, current_;
};

BackendFactory fake_factory(Shared& shared) {
  return [&shared](DreamParams& params, const Image& source) -> std::unique_ptr<DreamBackend> {
    ++shared.loads;
    if (params.model == "broken.pt") throw runtime_error("model file broken.pt is not a TorchScript archive", "pick another");
    if (params.model == "slow.pt") std::this_thread::sleep_for(400ms);
    return std::make_unique<FakeBackend>(shared, params, source);
  };
}

Image image(int w, int h, uint8_t value = 100) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(static_cast<size_t>(w) * h * 3, value);
  return img;
}

template <typename F>
bool wait_for(F&& condition, std::chrono::milliseconds limit = 5000ms) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return condition();
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace

TEST_CASE("async: the worker steps on its own and no UI call waits for a step") {
  Shared shared;
  shared.step_ms = 250;
  DreamSession session(fake_factory(shared), Schedule::Async);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  REQUIRE(wait_for([&] { return shared.steps >= 1; }));
  double worst = 0;
  const auto until = Clock::now() + 900ms;
  while (Clock::now() < until) {  // a UI loop at ~200 Hz
    const auto t = Clock::now();
    DreamParams p;
    p.step_size = 0.02f;
    session.set_params(p);
    (void)session.latest_frame();
    (void)session.stats();
    (void)session.take_events();
    session.lockstep_step();  // a no-op in async mode
    worst = std::max(worst, ms_since(t));
    std::this_thread::sleep_for(5ms);
  }
  INFO("slowest UI call batch: " << worst << " ms while steps take " << shared.step_ms << " ms");
  // Relative to the step: a call that waited for one would take up to a whole step; half a step
  // leaves room for a loaded machine's scheduling without letting a wait through.
  CHECK(worst < shared.step_ms / 2.0);
  CHECK(shared.steps >= 3);
  CHECK(session.schedule() == Schedule::Async);
}

TEST_CASE("lockstep: exactly one step per rendered frame") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready && session.latest_frame(); }));
  std::this_thread::sleep_for(100ms);
  CHECK(shared.steps == 0);  // nothing steps without a frame asking
  uint64_t serial = session.latest_frame()->serial;
  for (int i = 1; i <= 20; ++i) {
    session.lockstep_step();
    CHECK(shared.steps == i);
    const auto frame = session.latest_frame();
    CHECK(frame->serial > serial);  // the frame of that step is there when the call returns
    serial = frame->serial;
  }
  CHECK(session.stats().steps == 20);
}

TEST_CASE("paused: no steps, and a single step is exactly one") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Async);
  session.set_paused(true);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  std::this_thread::sleep_for(100ms);
  CHECK(shared.steps == 0);
  session.single_step();
  REQUIRE(wait_for([&] { return shared.steps == 1; }));
  std::this_thread::sleep_for(100ms);
  CHECK(shared.steps == 1);
  session.set_paused(false);
  CHECK(wait_for([&] { return shared.steps > 5; }));
}

TEST_CASE("a parameter change takes effect at the next step, without a restart") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  session.lockstep_step();
  DreamParams p;
  p.step_size = 0.123f;
  p.jitter = 7;
  session.set_params(p);
  session.lockstep_step();
  std::lock_guard<std::mutex> lock(shared.mutex);
  CHECK(shared.params_at_last_step.step_size == 0.123f);
  CHECK(shared.params_at_last_step.jitter == 7);
  CHECK(shared.loads == 1);
}

TEST_CASE("invalid parameters become an error event and the dream keeps its last good ones") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  DreamParams bad;
  bad.step_size = 5.0f;
  session.set_params(bad);
  session.lockstep_step();
  bool error = false, adjusted = false;
  REQUIRE(wait_for([&] {
    for (const auto& e : session.take_events()) {
      error |= e.kind == SessionEvent::Kind::Error && e.text.find("step size too large") != std::string::npos;
      adjusted |= e.kind == SessionEvent::Kind::ParamsAdjusted && e.params.step_size == DreamParams{}.step_size;
    }
    return error && adjusted;
  }));
  std::lock_guard<std::mutex> lock(shared.mutex);
  CHECK(shared.params_at_last_step.step_size == DreamParams{}.step_size);
}

TEST_CASE("switching to a model that fails to load keeps the old dream running") {
  Shared shared;
  shared.step_ms = 10;
  DreamSession session(fake_factory(shared), Schedule::Async);
  DreamParams good;
  good.model = "good.pt";
  session.load(good, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  DreamParams broken = good;
  broken.model = "broken.pt";
  session.set_params(broken);
  bool failed = false;
  REQUIRE(wait_for([&] {
    for (const auto& e : session.take_events())
      if (e.kind == SessionEvent::Kind::ModelFailed) {
        failed = true;
        CHECK(e.text.find("broken.pt") != std::string::npos);
        CHECK(e.params.model == "good.pt");  // the UI goes back to the model in use
      }
    return failed;
  }));
  const int before = shared.steps;
  CHECK(wait_for([&] { return shared.steps > before + 3; }));
  CHECK(session.stats().model->path == "good.pt");
}

TEST_CASE("model and image switches in a burst, then shutdown mid-step, never deadlock") {
  Shared shared;
  shared.step_ms = 30;
  const auto start = Clock::now();
  {
    DreamSession session(fake_factory(shared), Schedule::Lockstep);
    session.load(DreamParams{}, image(64, 48));
    for (int i = 0; i < 60; ++i) {
      DreamParams p;
      p.model = (i % 3 == 0) ? "slow.pt" : (i % 3 == 1) ? "broken.pt" : "other.pt";
      session.set_params(p);
      session.set_source(image(32 + i, 40), "img");
      if (i % 7 == 0) session.reset();
      if (i % 11 == 0) session.set_schedule(i % 2 ? Schedule::Async : Schedule::Lockstep);
      session.lockstep_step(200ms);
      (void)session.take_events();
    }
    shared.step_ms = 400;
    session.set_schedule(Schedule::Async);
    std::this_thread::sleep_for(50ms);
  }  // destroyed while a step or a load runs
  CHECK(ms_since(start) < 20000);
}

TEST_CASE("dynamic resolution lowers the resolution of a slow dream towards the target rate") {
  Shared shared;
  shared.cost_by_pixels = true;  // 512x384 -> ~49 ms per step
  DreamSession session(fake_factory(shared), Schedule::Async);
  DreamParams p;
  p.max_dim = 512;
  session.load(p, image(1024, 768));
  REQUIRE(wait_for([&] { return session.stats().width == 512; }));
  session.set_dynamic_resolution(60.0);  // needs ~16 ms steps: about 290 px
  CHECK(wait_for([&] { return session.stats().width < 400; }, 10000ms));
  const auto st = session.stats();
  INFO("now " << st.width << "x" << st.height);
  CHECK(st.dynamic_max_dim > 0);
  CHECK(st.width >= 128);
  session.set_dynamic_resolution(0);  // off: back to the params' resolution
  CHECK(wait_for([&] { return session.stats().width == 512; }));
}

TEST_CASE("host frames: a GPU dream being recorded gets a host copy of each frame, made by the worker") {
  Shared shared;
  shared.step_ms = 5;
  shared.gpu = true;
  DreamSession session(fake_factory(shared), Schedule::Auto);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  CHECK(session.schedule() == Schedule::Lockstep);  // auto on a GPU
  session.set_device_frames(true);
  session.republish();
  REQUIRE(wait_for([&] {
    auto f = session.latest_frame();
    return f && f->on_device;
  }));
  session.lockstep_step();
  CHECK(session.latest_frame()->on_device);
  CHECK(session.latest_host_frame() == nullptr);  // not asked for: no copies
  CHECK(shared.host_copies == 0);

  session.set_host_frames(true);
  REQUIRE(wait_for([&] { return session.latest_host_frame() != nullptr; }));
  for (int i = 0; i < 5; ++i) {
    session.lockstep_step();
    const auto shown = session.latest_frame();
    const auto host = session.latest_host_frame();
    REQUIRE(host);
    CHECK(shown->on_device);
    CHECK_FALSE(host->on_device);
    CHECK(host->serial == shown->serial);  // published together
    CHECK(host->step == shown->step);
  }
  const int copies = shared.host_copies;
  CHECK(copies >= 5);

  session.set_host_frames(false);
  session.lockstep_step();
  REQUIRE(wait_for([&] { return session.latest_host_frame() == nullptr; }));
  session.lockstep_step();
  CHECK(shared.host_copies <= copies + 1);
}

TEST_CASE("host frames: on the CPU the frame itself is the host frame, never copied") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready && session.latest_frame(); }));
  session.set_host_frames(true);
  session.lockstep_step();
  REQUIRE(wait_for([&] { return session.latest_host_frame() == session.latest_frame(); }));
  CHECK(shared.host_copies == 0);
}

TEST_CASE("video frames: a slow engine skips the frames it cannot take, counts them, and always takes the newest") {
  Shared shared;
  shared.step_ms = 60;
  DreamSession session(fake_factory(shared), Schedule::Async);
  DreamParams params;
  params.max_dim = 32;
  session.load(params, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  // A 200 fps "video" while every step takes 60 ms: most frames find the previous one waiting.
  constexpr int kFrames = 40;
  for (int i = 1; i <= kFrames; ++i) {
    session.set_video_frame(image(64, 48, static_cast<uint8_t>(i)));
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(wait_for([&] {
    const auto st = session.stats();
    return st.video_frames + st.video_frames_skipped == kFrames;
  }));
  const SessionStats st = session.stats();
  CHECK(st.video_frames_skipped > kFrames / 2);
  CHECK(st.video_frames >= 2);
  std::lock_guard<std::mutex> lock(shared.mutex);
  REQUIRE(static_cast<int64_t>(shared.video_frames_taken.size()) == st.video_frames);
  CHECK(shared.video_frames_taken.back() == kFrames);  // the newest frame is never the one skipped
  CHECK(std::is_sorted(shared.video_frames_taken.begin(), shared.video_frames_taken.end()));
}

TEST_CASE("video frames: the engine gets them at the dream's size, and the dream keeps stepping between them") {
  Shared shared;
  shared.step_ms = 5;
  DreamSession session(fake_factory(shared), Schedule::Async);
  DreamParams params;
  params.max_dim = 32;
  session.load(params, image(64, 48));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  session.set_video_frame(image(128, 96, 9));
  REQUIRE(wait_for([&] { return session.stats().video_frames == 1; }));
  const int steps_before = shared.steps;
  REQUIRE(wait_for([&] { return shared.steps >= steps_before + 3; }));
  REQUIRE(wait_for([&] { return session.latest_frame() && session.latest_frame()->width == 32; }));
  CHECK(session.latest_frame()->height == 24);
  CHECK(session.stats().video_frames_skipped == 0);
}

TEST_CASE("video frames: with a limit the dream takes at most that many steps on each frame, and lifting it lets the dream go on") {
  for (const Schedule schedule : {Schedule::Async, Schedule::Lockstep}) {
    INFO(to_string(schedule));
    Shared shared;
    shared.step_ms = 2;
    DreamSession session(fake_factory(shared), schedule);
    DreamParams params;
    params.max_dim = 32;
    session.load(params, image(64, 48));
    REQUIRE(wait_for([&] { return session.stats().ready; }));
    session.set_video_steps_per_frame(2);
    // Lockstep: the render thread asks for a step every frame; a spent frame must not make it wait.
    auto render_frames = [&](int n) {
      for (int i = 0; i < n; ++i) {
        const auto start = std::chrono::steady_clock::now();
        session.lockstep_step();
        CHECK(std::chrono::steady_clock::now() - start < 1000ms);
        std::this_thread::sleep_for(5ms);
      }
    };
    std::this_thread::sleep_for(50ms);  // a step in flight when the limit came ends
    for (int frame = 1; frame <= 3; ++frame) {
      const int64_t before = session.stats().steps;  // the last frame's steps are spent: none now
      session.set_video_frame(image(64, 48, static_cast<uint8_t>(frame)));
      REQUIRE(wait_for([&] { return session.stats().video_frames == frame; }));
      render_frames(10);  // time for many more steps than the limit
      std::this_thread::sleep_for(50ms);
      CHECK(session.stats().steps - before == 2);
    }
    session.set_video_steps_per_frame(0);  // a paused video: the held frame dreams on
    const int64_t before = session.stats().steps;
    render_frames(10);
    REQUIRE(wait_for([&] { return session.stats().steps >= before + 5; }));
  }
}

TEST_CASE("a loss that cannot be read is said once, as a warning, and the dream goes on") {
  Shared shared;
  shared.step_ms = 5;
  shared.loss_fails = true;
  DreamSession session(fake_factory(shared), Schedule::Async);
  session.load(DreamParams{}, image(64, 48));
  REQUIRE(wait_for([&] { return shared.steps >= 5; }));
  int warnings = 0;
  for (const auto& e : session.take_events())
    if (e.kind == SessionEvent::Kind::Warning) {
      ++warnings;
      CHECK(e.text == "cannot read the loss: device lost");
    }
  CHECK(warnings == 1);
  REQUIRE(wait_for([&] { return shared.steps >= 10; }));
  for (const auto& e : session.take_events()) CHECK(e.kind != SessionEvent::Kind::Warning);  // not again
}
