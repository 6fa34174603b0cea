// Session timelines: their JSON round trip and its one-line errors, the session recording every
// change where it takes effect (with the step count then), and the timeline player making the
// very same backend calls again (a fake backend that logs every call that changes the dream).
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "session/dream_session.h"
#include "session/timeline.h"
#include "session/timeline_player.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::session;
using namespace std::chrono_literals;

namespace {

Image image(int w, int h, uint8_t value) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(static_cast<size_t>(w) * h * 3, value);
  return img;
}

InputOrigin origin(InputOrigin::Kind kind, std::string input, std::string sha = {}) { return {kind, std::move(input), std::move(sha)}; }

// Every call that changes the dream, in order, as text: two runs that log the same made the same dream.
struct CallLog {
  std::mutex mutex;
  std::vector<std::string> calls;
  void add(std::string call) {
    std::lock_guard<std::mutex> lock(mutex);
    calls.push_back(std::move(call));
  }
  std::vector<std::string> take() {
    std::lock_guard<std::mutex> lock(mutex);
    return calls;
  }
};

std::string params_text(const DreamParams& p) { return to_json(p).dump(); }

class LoggingBackend final : public DreamBackend {
 public:
  LoggingBackend(CallLog& log, const DreamParams& params, const Image& source) : log_(log), params_(params), current_(source) {}
  ModelDescription describe() override { return {"fake.pt", "feedbeef", "cpu", false, {{"a", 8, 4}}, {}}; }
  // The same params again change nothing (as in dream::Engine): not logged.
  void set_params(const DreamParams& params) override {
    if (params == params_) return;
    params_ = params;
    log_.add("params " + params_text(params));
  }
  void set_source(const Image& image) override {
    current_ = image;
    log_.add("source " + std::to_string(image.rgb.at(0)));
  }
  void set_guide(const Image* guide) override { log_.add(guide ? "guide " + std::to_string(guide->rgb.at(0)) : "guide none"); }
  void reset() override { log_.add("reset"); }
  void next_frame(const Image&, const MotionField*) override { log_.add("video frame"); }
  void step() override {
    std::this_thread::sleep_for(1ms);
    log_.add("step");
  }
  BackendTimings last_timings() override { return {}; }
  float loss() override { return 0; }
  RgbaFrame frame(bool) override { return to_rgba_frame(current_); }
  Image frame_rgb() override { return current_; }
  void set_cpu_threads(int threads) override { threads_ = threads; }

 private:
  CallLog& log_;
  DreamParams params_;
  Image current_;
  int threads_ = 0;
};

BackendFactory logging_factory(CallLog& log) {
  return [&log](DreamParams& params, const Image& source) -> std::unique_ptr<DreamBackend> {
    log.add("create " + params_text(params) + " on " + std::to_string(source.rgb.at(0)));
    return std::make_unique<LoggingBackend>(log, params, source);
  };
}

// The pictures the timelines below name: the clouds are 10s, a.png 20s, b.png 30s.
Image load_named(const InputOrigin& o, const std::string&) {
  static const std::map<std::string, uint8_t> values = {{"clouds:64x48", 10}, {"a.png", 20}, {"b.png", 30}};
  return image(64, 48, values.at(o.input));
}

template <typename F>
bool wait_for(F&& condition) {
  const auto end = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return condition();
}

Timeline sample_timeline() {
  Timeline t;
  t.started_by = Timeline::Start::Reset;
  t.source = origin(InputOrigin::Kind::File, "a.png", "ab12");
  t.guide = origin(InputOrigin::Kind::Url, "https://example.org/g.jpg", "cd34");
  t.params.step_size = 0.0123f;
  t.params.seed = 987654321012345ull;
  t.params.layers = {{"inception_4c", 0.5f, {1, 7}}, {"inception_3b", 1.25f, {}}};
  t.model_sha256 = "feedbeef";
  t.device = "cpu";
  t.threads = 3;
  t.schedule = "lockstep";
  t.steps = 12;
  DreamParams changed = t.params;
  changed.zoom = 1.01f;
  changed.octaves = 3;
  t.changes = {{TimelineChange::Kind::Params, 0, changed, {}, 0},
               {TimelineChange::Kind::Pause, 4, {}, {}, 0},
               {TimelineChange::Kind::SingleStep, 4, {}, {}, 0},
               {TimelineChange::Kind::Resume, 5, {}, {}, 0},
               {TimelineChange::Kind::Source, 6, {}, origin(InputOrigin::Kind::Procedural, "clouds:64x48"), 0},
               {TimelineChange::Kind::Guide, 7, {}, {}, 0},
               {TimelineChange::Kind::Threads, 12, {}, {}, 2}};
  return t;
}

}  // namespace

TEST_CASE("timeline JSON: every field and change kind survives the round trip exactly") {
  const Timeline t = sample_timeline();
  const std::string text = to_json(t).dump();
  const Timeline back = timeline_from_json_text(text, "take.json");
  CHECK(back == t);
  CHECK(back.params.seed == 987654321012345ull);
  CHECK(back.changes.at(0).params.zoom == 1.01f);
  // The other way too: what was read writes the same text.
  CHECK(to_json(back).dump() == text);
}

TEST_CASE("timeline JSON: a broken timeline is a one-line error naming the file and the field") {
  nlohmann::json j = to_json(sample_timeline());
  auto message = [](const nlohmann::json& bad) -> std::string {
    try {
      timeline_from_json(bad, "take.json");
    } catch (const Error& e) {
      return e.what();
    }
    return "accepted";
  };
  CHECK(message(j) == "accepted");
  nlohmann::json no_steps = j;
  no_steps.erase("steps");
  CHECK(message(no_steps).find("take.json") != std::string::npos);
  CHECK(message(no_steps).find("'steps'") != std::string::npos);
  nlohmann::json disorder = j;
  disorder["changes"][1]["step"] = 0;
  disorder["changes"][0]["step"] = 3;
  CHECK(message(disorder).find("out of order") != std::string::npos);
  nlohmann::json kind = j;
  kind["changes"][2]["kind"] = "explode";
  CHECK(message(kind).find("unknown kind 'explode'") != std::string::npos);
  nlohmann::json version = j;
  version["livedream_timeline"] = 99;
  CHECK(message(version).find("version 99") != std::string::npos);
  CHECK(message(nlohmann::json::array()).find("not a livedream timeline") != std::string::npos);
  CHECK_THROWS_AS(timeline_from_json_text("{nope", "take.json"), Error);
}

TEST_CASE("timeline: the session records each change at the step it took effect, and the player makes the same calls") {
  CallLog live;
  DreamSession session(logging_factory(live), Schedule::Lockstep);
  DreamParams start;
  start.seed = 5;
  session.load(start, image(64, 48, 10), origin(InputOrigin::Kind::Procedural, "clouds:64x48"));
  REQUIRE(wait_for([&] { return session.stats().ready && session.latest_frame(); }));
  for (int i = 0; i < 3; ++i) session.lockstep_step();
  DreamParams faster = start;
  faster.step_size = 0.05f;
  session.set_params(faster);
  session.lockstep_step();
  session.lockstep_step();
  session.set_paused(true);
  session.single_step();
  REQUIRE(wait_for([&] { return session.stats().steps == 6; }));
  session.set_paused(false);
  session.set_source(image(64, 48, 20), "a.png", origin(InputOrigin::Kind::File, "a.png", "ab12"));
  session.lockstep_step();
  DreamParams zoomed = faster;
  zoomed.zoom = 1.02f;
  session.set_params(zoomed);
  session.lockstep_step();
  session.set_params(zoomed);  // the same again: no change to record
  session.lockstep_step();
  REQUIRE(session.stats().steps == 9);

  const auto snapshot = session.timeline();
  REQUIRE(snapshot);
  const auto timeline = std::make_shared<Timeline>(snapshot.get());
  CHECK(timeline->started_by == Timeline::Start::Load);
  CHECK(timeline->steps == 9);
  CHECK(timeline->source.input == "clouds:64x48");
  CHECK(timeline->params.seed == 5);
  CHECK(timeline->model_sha256 == "feedbeef");
  CHECK(timeline->schedule == "lockstep");
  CHECK(timeline->inexact.empty());
  std::vector<std::pair<TimelineChange::Kind, int64_t>> kinds;
  for (const auto& c : timeline->changes)
    if (c.kind != TimelineChange::Kind::Threads) kinds.emplace_back(c.kind, c.step);
  using K = TimelineChange::Kind;
  const std::vector<std::pair<K, int64_t>> expected = {{K::Params, 3}, {K::Pause, 5},  {K::SingleStep, 5},
                                                       {K::Resume, 6}, {K::Source, 6}, {K::Params, 7}};
  CHECK(kinds == expected);

  // The replay: a new backend, driven by the timeline alone, gets the same calls in the same order.
  CallLog replayed;
  TimelinePlayer player(*timeline, logging_factory(replayed), load_named);
  player.finish();
  CHECK(player.steps_taken() == 9);
  CHECK(replayed.take() == live.take());
  // ...and a player that skipped a change would not have (the comparison can fail).
  Timeline missing = *timeline;
  missing.changes.erase(missing.changes.begin());
  CallLog other;
  TimelinePlayer(missing, logging_factory(other), load_named).finish();
  CHECK(other.take() != live.take());
}

TEST_CASE("timeline: in async mode changes land between steps whenever they come, and the player still makes the same calls") {
  CallLog live;
  DreamSession session(logging_factory(live), Schedule::Async);
  session.load(DreamParams{}, image(64, 48, 10), origin(InputOrigin::Kind::Procedural, "clouds:64x48"));
  REQUIRE(wait_for([&] { return session.stats().ready; }));
  DreamParams p;
  int i = 0;
  for (float step_size : {0.01f, 0.02f, 0.03f, 0.04f, 0.05f}) {
    std::this_thread::sleep_for(std::chrono::milliseconds(3 * ++i));  // at whatever step the worker is
    p.step_size = step_size;
    session.set_params(p);
  }
  // A few steps after the last change, so that a frame that shows it is published before the pause.
  const int64_t after_changes = session.stats().steps;
  REQUIRE(wait_for([&] { return session.stats().steps > after_changes + 5; }));
  session.set_paused(true);
  std::this_thread::sleep_for(50ms);  // the step in progress ends and is published
  const Timeline timeline = session.timeline().get();
  int params_changes = 0;
  float last_step_size = 0;
  for (const auto& c : timeline.changes)
    if (c.kind == TimelineChange::Kind::Params) {
      ++params_changes;
      last_step_size = c.params.step_size;
    }
  // Two changes that came during one step land together (only the newest applies): at most five.
  CHECK(params_changes >= 1);
  CHECK(params_changes <= 5);
  CHECK(last_step_size == 0.05f);
  CHECK(timeline.schedule == "async");
  CallLog replayed;
  TimelinePlayer player(timeline, logging_factory(replayed), load_named);
  player.finish();
  CHECK(replayed.take() == live.take());
}

TEST_CASE("timeline: a reset starts a new timeline carrying the params then in force, and an older frame keeps its own") {
  CallLog live;
  DreamSession session(logging_factory(live), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48, 10), origin(InputOrigin::Kind::Procedural, "clouds:64x48"));
  REQUIRE(wait_for([&] { return session.stats().ready && session.latest_frame(); }));
  session.lockstep_step();
  const uint64_t early = session.latest_frame()->serial;
  DreamParams p;
  p.octaves = 2;
  session.set_params(p);
  session.lockstep_step();
  session.lockstep_step();
  REQUIRE(session.timeline());
  const auto before_reset = std::make_shared<Timeline>(session.timeline().get());
  CHECK(before_reset->steps == 3);
  // The frame after the first step: one step, and not the change that came after it.
  REQUIRE(session.timeline_for(early));
  const auto first = std::make_shared<Timeline>(session.timeline_for(early).get());
  CHECK(first->steps == 1);
  CHECK(first->changes.size() == before_reset->changes.size() - 1);

  session.reset();
  REQUIRE(wait_for([&] {
    auto t = session.timeline();
    return t && t.shared->started_by == Timeline::Start::Reset;
  }));
  session.lockstep_step();
  const auto after = std::make_shared<Timeline>(session.timeline().get());
  CHECK(after->steps == 1);
  CHECK(after->params.octaves == 2);  // carried over from before the reset
  for (const auto& c : after->changes) CHECK(c.kind == TimelineChange::Kind::Threads);
}

TEST_CASE("timeline: a video frame or an image of unknown origin makes the timeline one a replay refuses, in one line") {
  CallLog live;
  DreamSession session(logging_factory(live), Schedule::Lockstep);
  session.load(DreamParams{}, image(64, 48, 10), origin(InputOrigin::Kind::Procedural, "clouds:64x48"));
  REQUIRE(wait_for([&] { return session.stats().ready && session.latest_frame(); }));
  session.lockstep_step();
  REQUIRE(session.timeline());
  CHECK_NOTHROW(check_replayable(session.timeline().get(), "shot.png"));
  session.set_video_frame(image(64, 48, 40));
  session.lockstep_step();
  REQUIRE(session.timeline());
  const auto timeline = std::make_shared<Timeline>(session.timeline().get());
  REQUIRE_FALSE(timeline->inexact.empty());
  try {
    check_replayable(*timeline, "shot.png");
    FAIL("a video timeline was accepted");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find("shot.png cannot be replayed exactly: a video frame") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
  Timeline unknown = sample_timeline();
  unknown.source = {};
  CHECK_THROWS_AS(check_replayable(unknown, "take.json"), Error);
}
